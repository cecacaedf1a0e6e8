"""Check-worthiness modes and claim kinds that mean what they say."""

from __future__ import annotations

from pathlib import Path

import pytest

from factcheck.errors import SettingsError
from factcheck.ingest import read_article
from factcheck.ingest.checkworthy import MODES, apply_mode, checkworthy_score, is_checkworthy
from factcheck.ingest.claims import KINDS, kinds_of, not_a_claim
from factcheck.settings import DEFAULT_TOML, load_settings

LABELLED = Path(__file__).resolve().parents[2] / "benchmarks" / "data" / "labelled_sentences.tsv"


# What a medical review must check, in wording none of the training sentences use.
@pytest.mark.parametrize(
    "sentence",
    [
        "The recommended range is 10 to 20mg once a day.",
        "Long-term use can damage the kidneys.",
        "The tablets must be swallowed whole with a glass of water.",
        "Blood sugar is measured before and after the meal.",
        "In rare cases the drug can bring on hallucinations.",
        "Dr Hana Okafor, a GP in Leeds, said most patients tolerate it well.",
        "Around one in ten people who catch it need hospital care.",
        "The gene was first linked to the disease in 1994.",
        "The clinic stopped offering the test last year.",
    ],
)
def test_health_mode_flags_statements_of_fact(sentence):
    assert is_checkworthy(sentence, kinds_of(sentence))


@pytest.mark.parametrize(
    "sentence",
    [
        "How is the dose worked out?",
        "See a pharmacist if the rash spreads.",
        "Speak to your nurse before you stop the injections.",
        "Try to keep a regular bedtime.",
        "We hope you find this page useful.",
        "Advertisement",
    ],
)
def test_questions_advice_and_opinion_are_never_flagged(sentence):
    for mode in MODES:
        assert not is_checkworthy(sentence, kinds_of(sentence), mode), mode


@pytest.mark.parametrize(
    "sentence",
    [
        "Untreated, the infection can spread to the bloodstream.",  # a possibility stated
        "In older adults the recovery may take longer.",
        "Alcohol makes the side effects worse.",  # a resultative: an effect
        "Left alone, a small cut can turn into an ulcer.",
        "Ibuprofen is generally not recommended in late pregnancy.",  # a rule in the passive
        "Avoid grapefruit juice, because it raises the level of the drug in the blood.",
    ],
)
def test_health_mode_flags_effects_risks_and_rules_however_worded(sentence):
    assert is_checkworthy(sentence, kinds_of(sentence))


def test_advice_that_states_a_dose_is_still_checked():
    dose = "Do not take more than 8 tablets in 24 hours."
    assert not not_a_claim(dose)
    assert is_checkworthy(dose, kinds_of(dose))


def test_score_is_a_probability_on_every_statement():
    text = b"Smoking raises the risk of stroke. Ask your GP about stopping.\n"
    article = read_article(text, name="a.txt")
    assert [s.checkworthy for s in article.statements] == [True, False]
    for s in article.statements:
        assert s.checkworthy_score is not None and 0.0 <= s.checkworthy_score <= 1.0


def test_debate_mode_is_narrower_and_rescores_with_its_own_model():
    text = (
        b"Your blood pressure is checked before each infusion. The procedure takes about an hour.\n"
    )
    health = read_article(text, name="a.txt")
    assert all(s.checkworthy for s in health.statements)
    scores = [s.checkworthy_score for s in health.statements]
    debate = apply_mode(read_article(text, name="a.txt"), "debate")
    assert [s.checkworthy_score for s in debate.statements] != scores
    assert sum(s.checkworthy for s in debate.statements) < len(debate.statements)
    assert debate.statements[0].checkworthy_score == checkworthy_score(
        debate.statements[0].text, "debate"
    )


def test_unknown_mode_is_refused():
    with pytest.raises(ValueError, match="health"):
        is_checkworthy("Smoking causes cancer.", ("correlation-causation",), "sports")


def test_setting_defaults_to_health_and_is_validated(tmp_path):
    config = tmp_path / "factcheck.toml"
    config.write_text(DEFAULT_TOML)
    assert load_settings(config).checkworthy == "health"
    config.write_text('[ingest]\ncheckworthy = "news"\n')
    assert load_settings(config).checkworthy == "news"
    config.write_text('# modes\n[ingest]\ncheckworthy = "loose"\n')
    with pytest.raises(SettingsError, match=r"factcheck.toml:3: ingest.checkworthy: .*health"):
        load_settings(config)
    config.write_text("[ingest]\ncheck_worthy = true\n")
    with pytest.raises(SettingsError, match=r"ingest\.check_worthy: unknown setting"):
        load_settings(config)


def test_workspace_mode_reaches_article_add(cli, workspace):
    page = workspace / "page.txt"
    page.write_text("Your blood pressure is checked before each infusion.\n")
    added = cli.json("article", "add", str(page), "--slug", "bp", "--json")
    assert added["statements"][0]["checkworthy"]
    toml = workspace / "factcheck.toml"
    toml.write_text(toml.read_text().replace('checkworthy = "health"', 'checkworthy = "debate"'))
    # the same sentence on another page (the current text of an article is refused twice)
    other = workspace / "other.txt"
    other.write_text("Infusions\n\nYour blood pressure is checked before each infusion.\n")
    again = cli.json("article", "add", str(other), "--slug", "bp2", "--json")
    assert not again["statements"][0]["checkworthy"]


# Claim kinds: the rules that decide re-review intervals.
@pytest.mark.parametrize(
    ("sentence", "is_quantity"),
    [
        ("Roughly 3 in 10 adults snore.", True),
        ("Half of the volunteers dropped out.", True),
        ("Most children grow out of it.", True),
        ("It is twice as common in smokers.", True),
        ("The condition is more common in older people than in younger ones.", False),
        ("It is one of the most serious infections in infants.", False),
        ("Admissions rose over the winter.", False),
        ("The hospital opened in 1948.", False),
        ("COVID-19 spreads in the air.", False),
        ("Carriers of BRCA1 face a higher risk.", False),
        ("The report came out on 3 May.", False),
    ],
)
def test_quantity_needs_a_number_or_a_quantity_word(sentence, is_quantity):
    assert ("quantity" in kinds_of(sentence)) is is_quantity


@pytest.mark.parametrize(
    ("sentence", "is_prediction"),
    [
        ("Cases are expected to peak next month.", True),
        ("Demand for the drug will outstrip supply by 2030.", True),
        ("You will be asked to lie still during the scan.", False),
        ("Go to A&E if the swelling will not go down.", False),
        ("You'll need to fast for six hours beforehand.", False),
        ("The drug may cause drowsiness.", False),
    ],
)
def test_advice_and_hedges_are_not_predictions(sentence, is_prediction):
    assert ("prediction" in kinds_of(sentence)) is is_prediction


@pytest.mark.parametrize(
    ("sentence", "is_quote"),
    [
        ("Serotonin is sometimes called the “happy chemical”.", False),
        ("Ménière's disease, once known as “the dizzy illness”, affects the inner ear.", False),
        ('The pill was nicknamed "the little blue one" by the press.', False),
        ("“We saw the swelling go down within days,” said Dr Ruiz.", True),
        ("She told us: “It changed everything.”", True),
        ("“The evidence is clear that it works for most adults,” the review concludes.", True),
    ],
)
def test_a_nickname_in_quotation_marks_is_not_a_quote(sentence, is_quote):
    assert ("quote" in kinds_of(sentence)) is is_quote


@pytest.mark.parametrize(
    ("sentence", "is_time_relative"),
    [
        ("There is currently no vaccine for it.", True),
        ("So far, 12 people have been treated.", True),
        ("The drug is no longer sold in shops.", True),
        ("Why it happens is still not understood.", True),
        ("Last week, the trust closed two wards.", True),
        ("A new study looked at 2,000 runners.", False),
        ("The first vaccine was developed in 1796.", False),
        ("Professor of medicine Ali Khan led the work.", False),
        ("Modern inhalers are small and easy to use.", False),
        ("The scan takes ten minutes.", False),
    ],
)
def test_time_relative_only_where_truth_depends_on_the_reading_date(sentence, is_time_relative):
    assert ("time-relative" in kinds_of(sentence)) is is_time_relative


def test_labelled_sentences_cover_every_kind():
    rows = [
        line.split("\t")
        for line in LABELLED.read_text(encoding="utf-8").splitlines()
        if line and not line.startswith(("#", "role\t"))
    ]
    assert len(rows) >= 150
    roles = {"claim", "advice", "question", "opinion", "narrative", "furniture"}
    assert {role for role, _, _ in rows} == roles
    labelled = {k for _, kinds, _ in rows for k in kinds.split(",")} - {"-"}
    assert labelled == set(KINDS) - {"other"}


@pytest.mark.parametrize(
    ("sentence", "is_quantity"),
    [
        ("Take no more than 1500 mg a day.", True),
        ("About 2000 people attended the clinic.", True),
        ("In 2019 the clinic moved.", False),
        ("Rates have fallen since the 1990s.", False),
        ("The sugar levy came into force in April 2018.", False),
    ],
)
def test_a_year_is_a_date_and_an_amount_is_not(sentence, is_quantity):
    assert ("quantity" in kinds_of(sentence)) is is_quantity
