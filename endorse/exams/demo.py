"""A demo exam: a small item bank of our own writing, a sitting open now, and a candidate
approved to sit it (Jamie Candidate), so the whole exam can be tried after `make run`.

The items are ours, written for the demo; an association loads its own. Idempotent.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from django.utils import timezone

from endorse.accounts.models import User
from endorse.applications.demo.history import reviewed_application
from endorse.applications.models import Application
from endorse.associations.models import Association
from endorse.exams.models import ExamPolicy, Item, Sitting

FAMILY = "mental_health_mentor"

# (area, stem, options, index of the correct option)
MULTIPLE_CHOICE = (
    ("Relationships", "A toddler looks back at her father before touching a new toy. What is she most likely doing?",
     ["Checking his face for how safe the toy is", "Asking for a snack", "Testing his patience"], 0),
    ("Relationships", "Which describes a caregiver's sensitive response to a crying infant?",
     ["Waiting until the crying stops by itself", "Noticing the cue and responding promptly and warmly", "Always offering food first"], 1),
    ("Relationships", "Repair after a misattuned moment between parent and infant is best understood as:",
     ["A sign the relationship is failing", "A normal, growth-promoting part of relationships", "Something to avoid at all costs"], 1),
    ("Development", "At around what age do most infants show wariness of unfamiliar adults?",
     ["2 months", "8 months", "3 years"], 1),
    ("Development", "Play in which a child pretends a block is a telephone first appears typically:",
     ["In the first months of life", "In the second year of life", "Only after age five"], 1),
    ("Development", "Which best supports a young child's growing ability to manage strong feelings?",
     ["An adult who helps name and soothe the feeling", "Leaving the child alone until calm", "Punishing the outburst"], 0),
    ("Reflective practice", "In reflective supervision, the supervisor's main aim is to:",
     ["Evaluate the practitioner's productivity", "Help the practitioner think about their own reactions and the family's experience", "Tell the practitioner what to do next"], 1),
    ("Reflective practice", "A home visitor feels irritated with a parent after every visit. A reflective first step is to:",
     ["Ask for the case to be closed", "Wonder with a supervisor what the irritation may be telling her", "Keep the feeling to herself"], 1),
    ("Reflective practice", "Parallel process refers to:",
     ["Two staff visiting the same family", "Patterns in one relationship echoing in another, such as supervision and the home visit", "Doing paperwork during a visit"], 1),
    ("Ethics and culture", "A family's child-rearing practice differs from the practitioner's own. The practitioner should first:",
     ["Correct the family", "Seek to understand the practice's meaning to the family", "Ignore it"], 1),
    ("Ethics and culture", "When a practitioner suspects a child is being harmed, they must:",
     ["Follow the mandated reporting law and their agency's policy", "Wait for the family to raise it", "Discuss it with other families"], 0),
    ("Ethics and culture", "Sharing a family's story at a conference requires:",
     ["Nothing, if names are changed", "The family's informed consent and removal of identifying details", "The supervisor's approval only"], 1),
    ("Development", "Which is the strongest protective factor for an infant facing adversity?",
     ["Early academic lessons", "At least one stable, responsive relationship", "A quiet home"], 1),
    ("Relationships", "A parent says, 'He cries just to annoy me.' A helpful response explores:",
     ["How to ignore the crying", "What the parent thinks the baby might be feeling or needing", "A stricter schedule"], 1),
    ("Reflective practice", "Holding a family in mind between visits means:",
     ["Thinking about their experience and your work with them beyond the visit itself", "Calling them every day", "Writing longer notes"], 0),
)  # fmt: skip

VIGNETTES = (
    ("Practice", "Rosa, 19, lives with her mother and her 4-month-old son. At the visit she props the bottle and scrolls on her phone; when the baby fusses she says he is 'spoiled already'. Her mother interrupts often to correct her.",
     "What might Rosa be experiencing? What would you attend to first, and how would you support the relationship between Rosa and her son?",
     "Considers Rosa's own need for support and the intergenerational dynamic; notices the baby's cues; proposes a way to join Rosa rather than correct her; names how reflective supervision would help the visitor."),
    ("Practice", "A child care teacher tells you that Malik, 2, bites other children several times a day since his baby sister was born. The teacher wants him moved to another room.",
     "How do you understand Malik's behaviour? How would you work with the teacher and the family?",
     "Links the behaviour to the transition and Malik's feelings; supports the teacher's own feelings; suggests concrete ways to help Malik be understood; involves the parents respectfully."),
    ("Leadership", "You supervise a new home visitor who is eager and capable but has begun staying late at families' homes and giving them her personal phone number.",
     "What might be happening for the visitor? How would you address it in reflective supervision?",
     "Wonders about the visitor's motives and feelings with curiosity; addresses boundaries clearly and kindly; considers the families' experience; plans ongoing support."),
)  # fmt: skip

# The same items in Spanish (ours too), by their English text.
SPANISH_MULTIPLE_CHOICE = {
    MULTIPLE_CHOICE[0][1]: ("Una niña pequeña mira a su padre antes de tocar un juguete nuevo. ¿Qué es lo más probable que esté haciendo?",
                            ["Buscar en la cara de su padre cuán seguro es el juguete", "Pedir un refrigerio", "Poner a prueba la paciencia de su padre"]),
    MULTIPLE_CHOICE[1][1]: ("¿Cuál describe una respuesta sensible de un cuidador ante un bebé que llora?",
                            ["Esperar a que el llanto pare solo", "Notar la señal y responder pronto y con calidez", "Ofrecer siempre comida primero"]),
    MULTIPLE_CHOICE[2][1]: ("La reparación después de un momento de desencuentro entre el padre o la madre y el bebé se entiende mejor como:",
                            ["Una señal de que la relación está fallando", "Una parte normal de las relaciones que favorece el crecimiento", "Algo que se debe evitar a toda costa"]),
    MULTIPLE_CHOICE[3][1]: ("¿Hacia qué edad la mayoría de los bebés muestran recelo ante adultos desconocidos?",
                            ["2 meses", "8 meses", "3 años"]),
    MULTIPLE_CHOICE[4][1]: ("El juego en el que un niño finge que un bloque es un teléfono suele aparecer por primera vez:",
                            ["En los primeros meses de vida", "En el segundo año de vida", "Solo después de los cinco años"]),
    MULTIPLE_CHOICE[5][1]: ("¿Qué apoya mejor la creciente capacidad de un niño pequeño para manejar sentimientos intensos?",
                            ["Un adulto que le ayuda a nombrar y calmar el sentimiento", "Dejar al niño solo hasta que se calme", "Castigar el arrebato"]),
    MULTIPLE_CHOICE[6][1]: ("En la supervisión reflexiva, el objetivo principal del supervisor es:",
                            ["Evaluar la productividad del profesional", "Ayudar al profesional a pensar en sus propias reacciones y en la experiencia de la familia", "Decirle al profesional qué hacer a continuación"]),
    MULTIPLE_CHOICE[7][1]: ("Una visitadora domiciliaria se siente irritada con una madre después de cada visita. Un primer paso reflexivo es:",
                            ["Pedir que se cierre el caso", "Preguntarse con su supervisora qué le puede estar diciendo esa irritación", "Guardarse el sentimiento"]),
    MULTIPLE_CHOICE[8][1]: ("El proceso paralelo se refiere a:",
                            ["Dos miembros del personal que visitan a la misma familia", "Patrones de una relación que se repiten en otra, como en la supervisión y en la visita domiciliaria", "Hacer papeleo durante una visita"]),
    MULTIPLE_CHOICE[9][1]: ("Una práctica de crianza de una familia difiere de la del profesional. Lo primero que debe hacer el profesional es:",
                            ["Corregir a la familia", "Tratar de entender qué significa esa práctica para la familia", "Ignorarla"]),
    MULTIPLE_CHOICE[10][1]: ("Cuando un profesional sospecha que un niño está sufriendo daño, debe:",
                             ["Seguir la ley de denuncia obligatoria y la política de su agencia", "Esperar a que la familia saque el tema", "Comentarlo con otras familias"]),
    MULTIPLE_CHOICE[11][1]: ("Contar la historia de una familia en una conferencia requiere:",
                             ["Nada, si se cambian los nombres", "El consentimiento informado de la familia y quitar los datos que la identifiquen", "Solo la aprobación del supervisor"]),
    MULTIPLE_CHOICE[12][1]: ("¿Cuál es el factor de protección más fuerte para un bebé que enfrenta la adversidad?",
                             ["Lecciones académicas tempranas", "Al menos una relación estable y receptiva", "Un hogar silencioso"]),
    MULTIPLE_CHOICE[13][1]: ("Una madre dice: «Llora solo para molestarme». Una respuesta útil explora:",
                             ["Cómo ignorar el llanto", "Lo que la madre piensa que el bebé podría estar sintiendo o necesitando", "Un horario más estricto"]),
    MULTIPLE_CHOICE[14][1]: ("Tener presente a una familia entre visitas significa:",
                             ["Pensar en su experiencia y en el trabajo con ella más allá de la visita misma", "Llamarla todos los días", "Escribir notas más largas"]),
}  # fmt: skip

SPANISH_VIGNETTES = {
    VIGNETTES[0][1]: ("Rosa, de 19 años, vive con su madre y su hijo de 4 meses. Durante la visita deja el biberón apoyado y mira el teléfono; cuando el bebé se inquieta, dice que «ya está malcriado». Su madre la interrumpe a menudo para corregirla.",
                      "¿Qué podría estar viviendo Rosa? ¿A qué atendería usted primero y cómo apoyaría la relación entre Rosa y su hijo?"),
    VIGNETTES[1][1]: ("Una maestra de cuidado infantil le cuenta que Malik, de 2 años, muerde a otros niños varias veces al día desde que nació su hermanita. La maestra quiere que lo cambien a otra sala.",
                      "¿Cómo entiende usted la conducta de Malik? ¿Cómo trabajaría con la maestra y con la familia?"),
    VIGNETTES[2][1]: ("Usted supervisa a una visitadora domiciliaria nueva, entusiasta y capaz, que ha empezado a quedarse hasta tarde en las casas de las familias y a darles su número de teléfono personal.",
                      "¿Qué podría estar pasándole a la visitadora? ¿Cómo lo abordaría usted en la supervisión reflexiva?"),
}  # fmt: skip


def load_exam(
    association: Association, coordinator: User, make_user: Callable[[str, str, str], User]
) -> None:
    ExamPolicy.objects.update_or_create(
        association=association,
        defaults={"part1_items": 12, "part1_minutes": 20, "part2_offered": 3, "part2_answered": 2,
                  "part2_minutes": 30},
    )  # fmt: skip
    if not Item.objects.filter(association=association, family=FAMILY).exists():
        for area, stem, options, key in MULTIPLE_CHOICE:
            Item.objects.create(association=association, family=FAMILY, kind=Item.Kind.MULTIPLE_CHOICE,
                                area=area, stem=stem, options=options, key=key)  # fmt: skip
        for area, case, questions, rubric in VIGNETTES:
            Item.objects.create(association=association, family=FAMILY, kind=Item.Kind.VIGNETTE,
                                area=area, stem=case, questions=questions, rubric=rubric)  # fmt: skip
    _add_spanish(association)
    now = timezone.now()
    if not Sitting.objects.filter(association=association, closes_at__gt=now).exists():
        Sitting.objects.create(association=association, opens_at=now - timedelta(hours=1),
                               closes_at=now + timedelta(days=30), capacity=20,
                               note="Demo sitting: open for thirty days.")  # fmt: skip
    _candidate(association, coordinator, make_user("exam@endorse.test", "Jamie Candidate", "en"))


def _candidate(association: Association, coordinator: User, person: User) -> None:
    """A Mentor applicant whose application was approved to sit the exam."""
    if Application.objects.filter(association=association, applicant=person).exists():
        return
    reviewed_application(association, person, coordinator, code="IMHM-C",
                         membership_number="R-0099", status=Application.Status.APPROVED_FOR_EXAM)  # fmt: skip


def _add_spanish(association: Association) -> None:
    """The Spanish of the demo items, also for a bank loaded before it existed."""
    items = Item.objects.filter(association=association, family=FAMILY, stem_es="")
    for item in items:
        if item.stem in SPANISH_MULTIPLE_CHOICE:
            item.stem_es, item.options_es = SPANISH_MULTIPLE_CHOICE[item.stem]
        elif item.stem in SPANISH_VIGNETTES:
            item.stem_es, item.questions_es = SPANISH_VIGNETTES[item.stem]
        else:
            continue
        item.save(update_fields=["stem_es", "options_es", "questions_es"])
