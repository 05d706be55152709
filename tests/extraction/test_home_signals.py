"""The state whose government a text speaks as ("The New Zealand Government will provide ...", "the Albanese
Government") is the home of its bare post titles; a government addressed ("must stop"), two governments, or a
statement on a state by nobody in particular give no home (issue #14)."""

from __future__ import annotations

from datetime import date

import pytest

from kg.extract import Extractor
from tests.extraction.people import holder_in_reference, persons

# A first paragraph longer than a head line, naming several states, then a sentence with a bare title.
RELEASE = "{headline}\n\n{first} {then}"
FIRST_OF_AID = (
    "will provide $10 million to Fiji and Tonga for climate adaptation, fisheries surveillance and the security of "
    "the region, working with Indonesia and with regional partners over the next three years."
)


@pytest.mark.parametrize(
    "speaker, then, title, position, published",
    [
        (
            "The New Zealand Government",
            "The Foreign Minister said we stand with our Pacific family.",
            "Foreign Minister",
            "Minister of Foreign Affairs of New Zealand",
            date(2022, 7, 1),
        ),
        (
            "The Albanese Government",
            "The Prime Minister said we would do more.",
            "Prime Minister",
            "Prime Minister of Australia",
            date(2023, 9, 1),
        ),
    ],
)
def test_the_government_a_text_speaks_as_is_the_home_of_its_titles(
    extractor: Extractor, speaker: str, then: str, title: str, position: str, published: date
) -> None:
    text = RELEASE.format(headline="Support for the Pacific", first=f"{speaker} {FIRST_OF_AID}", then=then)
    assert persons(extractor, text, published).get(title) == holder_in_reference(position, published)


@pytest.mark.parametrize(
    "headline, first",
    [
        # a government addressed, not speaking
        (
            "Support for the Pacific",
            "We condemn the strikes. The Indonesian Government must stop its patrols near Fiji and Tonga, as the "
            "Pacific Islands Forum asked last year and as the leaders of the region asked again this week in Suva.",
        ),
        # two governments speaking
        (
            "Support for the Pacific",
            f"The Fijian Government and the Tongan Government {FIRST_OF_AID}",
        ),
        # a statement on a state by a text with no home of its own: the state is its subject
        ("Statement on Fiji", f"We condemn the coup in Fiji. Our partners {FIRST_OF_AID}"),
    ],
)
def test_no_speaking_government_gives_no_home(extractor: Extractor, headline: str, first: str) -> None:
    text = RELEASE.format(headline=headline, first=first, then="The Foreign Minister said we stand together.")
    assert not persons(extractor, text, date(2022, 7, 1)).get("Foreign Minister")


RELEASED = (
    "Detainees released\n\n{who} detained in Iran for three years were released today and flew to Muscat, where "
    "officials of Oman met them before their journey on. We thank our Omani friends for their help in bringing "
    "our citizens home. The Prime Minister spoke to their families."
)


def test_the_state_a_text_calls_our_people_is_its_home(extractor: Extractor) -> None:
    published = date(2022, 3, 16)
    text = RELEASED.format(who="Two Canadian citizens")
    expected = holder_in_reference("Prime Minister of Canada", published)
    assert persons(extractor, text, published).get("Prime Minister") == expected


@pytest.mark.parametrize(
    "who",
    [
        # "our Omani friends": friends are another state's, not the text's own people
        "Two engineers",
        # two states' citizens: whose "our citizens" is a guess
        "A Canadian and a Swedish citizen",
    ],
)
def test_our_people_of_no_or_two_states_give_no_home(extractor: Extractor, who: str) -> None:
    text = RELEASED.format(who=who)
    assert not persons(extractor, text, date(2022, 3, 16)).get("Prime Minister")
