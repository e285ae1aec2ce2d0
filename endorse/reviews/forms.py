"""The reviewer's forms: the answer to an assignment, and the review itself."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.forms import BoundField
from django.utils.dates import MONTHS
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from endorse.core.numbers import WholeNumberField
from endorse.ratings.models import Area
from endorse.reviews.models import REVIEW_LANGUAGES, Decision, Verdict


class RespondForm(forms.Form):
    answer = forms.ChoiceField(
        label=_("Your answer"),
        choices=(
            ("accept", _("I accept")),
            ("decline", _("I decline")),
            ("conflict", _("I have a conflict of interest")),
        ),
        widget=forms.RadioSelect,
    )
    no_conflict = forms.BooleanField(
        label=_("I have no conflict of interest with this applicant"), required=False,
        help_text=_("Needed to accept."),
    )  # fmt: skip
    conflict = forms.CharField(
        label=_("The conflict of interest"), max_length=2000, required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )  # fmt: skip

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("answer") == "conflict" and not (data.get("conflict") or "").strip():
            self.add_error("conflict", _("Describe the conflict of interest."))
        if data.get("answer") == "accept" and not data.get("no_conflict"):
            self.add_error(
                "no_conflict",
                _("Confirm that you have no conflict of interest with this applicant, or "
                  "declare it."),
            )  # fmt: skip
        return data


class ReviewForm(forms.Form):
    """A verdict and a comment for each requirement and each area, then a recommendation.

    A draft may be saved with anything missing; sending (``sending=True``) needs every
    verdict and the recommendation, each refusal next to its own radio group."""

    recommendation = forms.ChoiceField(
        label=_("Recommended decision"), choices=[("", "—"), *Decision.Outcome.choices],
        required=False,
    )  # fmt: skip
    comments = forms.CharField(
        label=_("Comments for the applicant"), max_length=6000, required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )  # fmt: skip

    def __init__(
        self,
        *args: Any,
        requirements: Iterable[tuple[str, str]],
        sending: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.sending = sending
        self.rows: list[tuple[str, str, str]] = []  # (kind, key, label)
        rows = [("requirements", code, label) for code, label in requirements]
        rows += [("areas", area, str(label)) for area, label in Area.choices]
        for kind, key, label in rows:
            self.fields[verdict_field(kind, key)] = forms.ChoiceField(
                label=label, choices=Verdict.choices, widget=forms.RadioSelect, required=False
            )
            self.fields[f"{kind}-{key}-comment"] = forms.CharField(
                label=_("Comment on: %(what)s") % {"what": label}, max_length=2000,
                required=False, widget=forms.Textarea(attrs={"rows": 2}),
            )  # fmt: skip
            self.rows.append((kind, key, label))
        for name in ("recommendation", "comments"):
            self.fields[name] = self.fields.pop(name)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.sending:
            for kind, key, _label in self.rows:
                if not data.get(verdict_field(kind, key)):
                    self.add_error(verdict_field(kind, key), MISSING_VERDICT)
            if not data.get("recommendation"):
                self.add_error("recommendation", MISSING_RECOMMENDATION)
        return data

    def groups(self) -> list[tuple[str, BoundField, BoundField]]:
        """Each verdict with its comment, in the order the reviewer judges them."""
        return [
            (kind, self[verdict_field(kind, key)], self[f"{kind}-{key}-comment"])
            for kind, key, _label in self.rows
        ]

    def error_links(self) -> list[tuple[str, str, str]]:
        """(element id, label, first error) per refused field, in the form's order; a radio
        group is reached through its first radio, which takes the focus."""
        links = []
        for name in self.fields:
            if name in self.errors:
                bound = self[name]
                radio = isinstance(bound.field.widget, forms.RadioSelect)
                anchor = f"{bound.auto_id}_0" if radio else bound.auto_id
                links.append((anchor, str(bound.label), str(self.errors[name][0])))
        return links

    def judged(self) -> int:
        """How many verdicts are chosen, in what was typed or else what was saved."""
        valid = set(Verdict.values)
        names = [verdict_field(kind, key) for kind, key, _label in self.rows]
        if self.is_bound:
            return sum(self.data.get(name) in valid for name in names)
        return sum(self.initial.get(name) in valid for name in names)

    def answers(self) -> dict[str, Any]:
        data = self.cleaned_data
        result: dict[str, dict[str, dict[str, str]]] = {"requirements": {}, "areas": {}}
        for kind, key, _label in self.rows:
            verdict = data.get(verdict_field(kind, key)) or ""
            comment = data.get(f"{kind}-{key}-comment") or ""
            if verdict or comment:
                result[kind][key] = {"verdict": verdict, "comment": comment}
        return result

    @staticmethod
    def initial_from(answers: dict[str, Any]) -> dict[str, str]:
        initial = {}
        for kind in ("requirements", "areas"):
            for key, value in answers.get(kind, {}).items():
                initial[verdict_field(kind, key)] = value.get("verdict", "")
                initial[f"{kind}-{key}-comment"] = value.get("comment", "")
        return initial


MISSING_VERDICT = _("Choose Met, Not met or Unclear.")
MISSING_RECOMMENDATION = _("Choose the decision you recommend.")


def verdict_field(kind: str, key: str) -> str:
    """The form field of a verdict; the service names its refusals the same way."""
    return f"{kind}-{key}-verdict"


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("What is missing"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )


class AssignForm(forms.Form):
    """A reviewer to ask, with the conflicts found beside each name; a flagged one only
    with a written reason."""

    reviewer = forms.ChoiceField(label=_("Reviewer"))
    override = forms.CharField(
        label=_("Why this reviewer can still review"), max_length=2000, required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Only for a reviewer flagged with a conflict of interest."),
    )  # fmt: skip

    def __init__(self, *args: Any, candidates: Iterable[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.flagged = {str(c.user.pk): c.conflicts for c in candidates if c.conflicts}
        field = self.fields["reviewer"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(str(c.user.pk), _choice_label(c)) for c in candidates]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("reviewer") in self.flagged and not (data.get("override") or "").strip():
            self.add_error("override", _(
                "This reviewer is flagged: say why they can still review, or choose another."
            ))  # fmt: skip
        return data


def _choice_label(candidate: Any) -> str:
    label = ngettext(
        "%(name)s – %(count)d open review", "%(name)s – %(count)d open reviews",
        candidate.open_reviews,
    ) % {"name": candidate.user.get_full_name(), "count": candidate.open_reviews}  # fmt: skip
    if not candidate.conflicts:
        return label
    reasons = "; ".join(reason.text for reason in candidate.conflicts)
    return _("%(reviewer)s – flagged: %(reasons)s") % {"reviewer": label, "reasons": reasons}


class ReviewerProfileForm(forms.Form):
    """What the reviewer says about their own time: languages, capacity, time away."""

    languages = forms.MultipleChoiceField(
        label=_("Languages you review in"), choices=REVIEW_LANGUAGES,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one language.")},
    )  # fmt: skip
    capacity = WholeNumberField(
        label=_("The most open reviews at once"), min_value=1, max_value=20,
        help_text=_("You are not offered more reviews while you have this many open."),
    )  # fmt: skip
    away_until = forms.DateField(
        label=_("Away until"), required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("You are not offered reviews up to and including this day."),
    )  # fmt: skip


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Decision"), choices=Decision.Outcome.choices, widget=forms.RadioSelect
    )
    message = forms.CharField(
        label=_("Message to the applicant"), max_length=8000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Built from the reviewers' comments; edit it before sending."),
    )  # fmt: skip
    sections = forms.MultipleChoiceField(
        label=_("Sections to reopen (on hold only)"), required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip

    def __init__(self, *args: Any, sections: Iterable[tuple[str, str]], exam: bool, **kwargs: Any):
        super().__init__(*args, **kwargs)
        outcome = self.fields["outcome"]
        assert isinstance(outcome, forms.ChoiceField)
        if not exam:
            outcome.choices = [
                (value, label) for value, label in Decision.Outcome.choices
                if value != Decision.Outcome.APPROVED_FOR_EXAM
            ]  # fmt: skip
        field = self.fields["sections"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = list(sections)


class DeadlineForm(forms.Form):
    """A yearly submission deadline: a month and a day."""

    month = forms.TypedChoiceField(
        label=_("Month"), coerce=int, choices=[(number, name) for number, name in MONTHS.items()]
    )
    day = WholeNumberField(label=_("Day"), min_value=1, max_value=31)
