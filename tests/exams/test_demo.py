"""The demo exam's items (our own writing) in English and Spanish."""

from __future__ import annotations

from endorse.applications.demo.load import _user
from endorse.exams.demo import (
    FAMILY,
    MULTIPLE_CHOICE,
    SPANISH_MULTIPLE_CHOICE,
    SPANISH_VIGNETTES,
    VIGNETTES,
    load_exam,
)
from endorse.exams.models import Item
from tests.applications.conftest import World


def test_every_demo_item_has_whole_spanish() -> None:
    for _area, stem, options, _key in MULTIPLE_CHOICE:
        assert len(SPANISH_MULTIPLE_CHOICE[stem][1]) == len(options), stem
    assert set(SPANISH_VIGNETTES) == {case for _area, case, _questions, _rubric in VIGNETTES}


def test_loading_the_demo_again_adds_the_spanish_to_a_bank_loaded_before_it(world: World) -> None:
    load_exam(world.ct, world.coordinator, _user)
    items = Item.objects.filter(association=world.ct, family=FAMILY)
    assert items.count() == 18 and all(item.has_spanish for item in items)
    items.update(stem_es="", options_es=[], questions_es="")  # a bank from before
    load_exam(world.ct, world.coordinator, _user)
    assert Item.objects.filter(association=world.ct, family=FAMILY).count() == 18
    rosa = Item.objects.get(association=world.ct, stem=VIGNETTES[0][1])
    assert rosa.text_in("es").stem == SPANISH_VIGNETTES[VIGNETTES[0][1]][0]
    assert all(item.has_spanish for item in items.all())
