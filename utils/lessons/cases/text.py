"""08's prose in one place: how the cases work, the misconceptions the cases correct, the self-check (the
review case: the same rules on new inputs) and the key references. Every number is computed by the models;
every label comes from the one citation module."""

from __future__ import annotations

from ...core import citations
from ...core.selfcheck import AnyQuestion, edition
from ...models import block_selection, complications, innervation, last
from ...models.cases import case
from . import casebook
from .after import post_test_percent
from .select import CARM_STOP, _naive_nerves, carm_answer

SLUG = "cases"


def how_it_works() -> str:
    """How a case is built and answered (Markdown)."""
    n_cases = len(casebook.case_ids())
    n_questions = sum(len(case(c).steps) for c in casebook.case_ids())
    return (
        f"- {n_cases} cases, {n_questions} questions. Each patient is **invented** (and labelled so); what a "
        "story states as fact carries its source.\n"
        "- The questions follow the order of the decisions: is this a candidate, which nerves or joint, the "
        "C-arm and the view, drug, dose and volume, the result and what to expect, what went wrong.\n"
        "- **Every answer is computed by the course's own models** from the case's inputs (the same "
        "functions "
        "notebooks 01-07 use), and a test checks it, so a case cannot contradict a notebook.\n"
        "- Numbers are answered on a slider in their unit; the feedback says what is accepted (the model's "
        "figure, a stated tolerance, or a sourced range) and why. Each case counts its score in your "
        "browser; "
        "the total is at the end."
    )


def misconceptions() -> str:
    """Misconceptions the cases correct, each with the model's answer and its source (Markdown); in the exam
    edition only a note (they would give answers away)."""
    if edition() == "exam":
        return "*Exam edition: the misconceptions give answers away; they are in the study edition.*"
    l45 = innervation.nerves_to_block("L4-5")
    steroid = case("axial-back-pain")
    vein = last.scenario("vein")
    single = case("single-block")
    post = post_test_percent(single)
    aim, mean, _low, _high = carm_answer(case("lumbar-joint"))
    septic = complications.rate("septic_arthritis")
    blocks = block_selection.guidelines("lumbar", "number_of_blocks")
    return "\n".join(
        [
            f"- *“An L4-5 block numbs the {_naive_nerves(('L4-5',))}.”* **The joint is supplied by the "
            f"{' and '.join(l45.nerves)}:** {l45.rule} ({citations.short(l45.source_id)}).",
            "- *“Add a steroid to the diagnostic block so it lasts.”* **The rule set says caution (a course "
            "rule):** a diagnostic block uses local anaesthetic alone, so relief can be read against the "
            f"anaesthetic's duration (case {steroid.order}; the rule is built on the duration principle of "
            "comparative blocks, "
            f"{citations.short(citations.source('diagnostic_block_anaesthetic_only'))}).",
            f"- *“No numb lips, so it cannot be toxicity.”* **Not so:** {vein['atypical']} "
            f"({citations.short(str(vein['source_id']))}).",
            f"- *“A positive single block proves facet joint pain.”* **At a pre-test probability of "
            f"{single.pretest_percent:g}% a positive single block leaves about {post.percent:.0f}%** (02's "
            "Bayes model with the false-positive rate measured in the same patients; "
            f"{citations.short(post.pretest.source_id)}; possibly less when read positive at only "
            f"{single.relief_percent:g}% relief, as the same practice counted a block positive only at more "
            "relief: "
            f"{citations.short(citations.source('single_block_positive_threshold_same_practice'))}), and the "
            "sources disagree on a second block "
            f"({citations.short(str(blocks.iloc[0]['source_id']))} against a review).",
            "- *“Turn the C-arm to the facet angle.”* **Stop earlier, "
            f"{CARM_STOP}:** "
            f"at about {aim:.0f}° for L4-5 in 03's model, against a mean facet angle of {mean:.0f}° "
            "(the final angle is what your screen shows, not a number).",
            "- *“Septic arthritis after a facet injection is a known percentage.”* **The sources read "
            "give no rate, only case reports:** "
            f"{septic.finding} ({citations.short(septic.source_id)}).",
        ]
    )


def self_check_questions() -> list[AnyQuestion]:
    """The closing self-check: the review case, one question per decision, the same rules on new inputs."""
    return casebook.questions("review")


def review_story() -> str:
    """The review case's story (Markdown)."""
    review = case("review")
    return f"*{review.patient}* {review.story}"


def key_questions() -> list[AnyQuestion]:
    """Every question of the notebook, cases first, then the self-check (for the instructor's key)."""
    return [q for c in casebook.case_ids() for q in casebook.questions(c)] + self_check_questions()


def key_references(part: int = 1, parts: int = 1) -> str:
    """Markdown list of the references notebook 08 uses (data/key_references.csv), or one part of it."""
    return citations.key_references(SLUG, part, parts)
