from .questionnaire import Choice, Dimension, Indicator, Question, Questionnaire, Rule
from .responses import Answer, Assessment, DimensionScore, IndicatorValue, Section
from .rounds import Round, Target

__all__ = [
    "Answer",
    "Assessment",
    "Choice",
    "Dimension",
    "DimensionScore",
    "Indicator",
    "IndicatorValue",
    "Question",
    "Questionnaire",
    "Round",
    "Rule",
    "Section",
    "Target",
]
