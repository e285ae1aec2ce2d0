"""Demo rating items, our own wording (never an association's licensed guidelines text)."""

from __future__ import annotations

from endorse.associations.models import Association
from endorse.ratings.models import Area, RatingItem

# (area, English, Spanish): two plain statements per area.
DEMO_ITEMS: tuple[tuple[str, str, str], ...] = (
    (
        Area.THEORETICAL_FOUNDATIONS,
        "Explains how early relationships shape a young child's development.",
        "Explica cómo las primeras relaciones moldean el desarrollo de un niño pequeño.",
    ),
    (
        Area.THEORETICAL_FOUNDATIONS,
        "Uses what is known about attachment when planning work with a family.",
        "Usa lo que se sabe sobre el apego al planificar el trabajo con una familia.",
    ),
    (
        Area.LAW_REGULATION_POLICY,
        "Follows the reporting duties and privacy rules that apply to their work.",
        "Cumple con los deberes de reporte y las normas de privacidad que se aplican a su trabajo.",
    ),
    (
        Area.LAW_REGULATION_POLICY,
        "Knows their agency's policies and explains them to families clearly.",
        "Conoce las políticas de su agencia y se las explica a las familias con claridad.",
    ),
    (
        Area.SYSTEMS_EXPERTISE,
        "Connects families with services in the community when they need them.",
        "Pone a las familias en contacto con los servicios de la comunidad cuando los necesitan.",
    ),
    (
        Area.SYSTEMS_EXPERTISE,
        "Works across agencies so that a family doesn't have to repeat its story.",
        "Trabaja con otras agencias para que una familia no tenga que repetir su historia.",
    ),
    (
        Area.DIRECT_SERVICE_SKILLS,
        "Observes a baby and a parent together and notices what each brings.",
        "Observa juntos a un bebé y a su madre o padre y nota lo que aporta cada uno.",
    ),
    (
        Area.DIRECT_SERVICE_SKILLS,
        "Adapts their support to each family's culture, language and pace.",
        "Adapta su apoyo a la cultura, la lengua y el ritmo de cada familia.",
    ),
    (
        Area.WORKING_WITH_OTHERS,
        "Builds trusting relationships with families and colleagues.",
        "Construye relaciones de confianza con las familias y con sus colegas.",
    ),
    (
        Area.WORKING_WITH_OTHERS,
        "Handles disagreement calmly and looks for a shared way forward.",
        "Maneja los desacuerdos con calma y busca un camino en común.",
    ),
    (
        Area.COMMUNICATING,
        "Listens carefully and checks that they have understood.",
        "Escucha con atención y comprueba que ha entendido.",
    ),
    (
        Area.COMMUNICATING,
        "Writes clear, respectful notes and reports.",
        "Escribe notas e informes claros y respetuosos.",
    ),
    (
        Area.THINKING,
        "Considers more than one explanation before deciding what to do.",
        "Considera más de una explicación antes de decidir qué hacer.",
    ),
    (
        Area.THINKING,
        "Asks for help with a problem when it is beyond what they know.",
        "Pide ayuda con un problema cuando va más allá de lo que sabe.",
    ),
    (
        Area.REFLECTING,
        "Notices their own feelings in the work and how they affect it.",
        "Nota sus propios sentimientos en el trabajo y cómo lo afectan.",
    ),
    (
        Area.REFLECTING,
        "Uses reflective supervision/consultation to think about their work.",
        "Usa la supervisión/consulta reflexiva para pensar sobre su trabajo.",
    ),
)


def load_rating_items(association: Association) -> None:
    if RatingItem.objects.filter(association=association).exists():
        return
    RatingItem.objects.bulk_create(
        RatingItem(association=association, area=area, position=index, text_en=en, text_es=es)
        for index, (area, en, es) in enumerate(DEMO_ITEMS)
    )
