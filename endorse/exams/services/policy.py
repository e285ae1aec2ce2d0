"""The association's exam settings, read with their defaults and changed."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from endorse.associations.models import Association
from endorse.exams.models import ExamPolicy


def policy_of(association: Association) -> ExamPolicy:
    policy, _created = ExamPolicy.objects.get_or_create(association=association)
    return policy


@transaction.atomic
def policy_set(*, association: Association, fields: dict[str, object]) -> ExamPolicy:
    """Change the association's exam settings; parts already started keep their clock."""
    policy = ExamPolicy.objects.select_for_update().get(pk=policy_of(association).pk)
    for name, value in fields.items():
        setattr(policy, name, value)
    if not 1 <= policy.pass_percent <= 100:
        raise ValidationError({"pass_percent": _("A pass mark is between 1 and 100%.")})
    if policy.part2_answered > policy.part2_offered:
        raise ValidationError(
            {"part2_answered": _("Candidates can't answer more vignettes than are offered.")}
        )
    if sum(policy.blueprint.values()) > policy.part1_items:
        raise ValidationError(
            {"blueprint": _("The blueprint asks for more items than part 1 has.")}
        )
    policy.save()
    return policy
