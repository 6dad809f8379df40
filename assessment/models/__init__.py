from .questionnaire import Choice, Dimension, Indicator, Question, Questionnaire, Rule
from .responses import Answer, Assessment, Section
from .rounds import Round, Target

__all__ = [
    "Answer",
    "Assessment",
    "Choice",
    "Dimension",
    "Indicator",
    "Question",
    "Questionnaire",
    "Round",
    "Rule",
    "Section",
    "Target",
]
