from .questionnaire import Choice, Dimension, Indicator, Question, Questionnaire, Rule
from .responses import Answer, Assessment, Section
from .rounds import Round, RoundExtension, Target

__all__ = [
    "Answer",
    "Assessment",
    "Choice",
    "Dimension",
    "Indicator",
    "Question",
    "Questionnaire",
    "Round",
    "RoundExtension",
    "Rule",
    "Section",
    "Target",
]
