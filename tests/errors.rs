//! Bad input gets a clear error: file, line and column, what was expected, a suggestion for a
//! likely typo, exit code 1 — and the previous output stays intact.

mod common;

use common::*;

const INIT: &str = "content/plans/test-plan/initiatives/1-1.ja.md";
const INIT_EN: &str = "content/plans/test-plan/initiatives/1-1.en.md";

#[test]
fn unknown_key_with_suggestion() {
    let text = failing_build(|f| f.edit(INIT, "departments = ", "departmnts = "));
    assert!(text.contains("unknown key `departmnts`"), "{text}");
    assert!(text.contains("1-1.ja.md:7:1"), "{text}");
    assert!(text.contains("failed with 1 error(s)"), "no cascading errors: {text}");
    assert!(text.contains("did you mean `departments`?"), "{text}");
}

#[test]
fn wrong_type() {
    let text = failing_build(|f| f.edit(INIT, "order = 1", "order = \"first\""));
    assert!(text.contains("wrong type: found string \"first\""), "{text}");
    assert!(text.contains("expected i64"), "{text}");
    assert!(text.contains("1-1.ja.md:3:9"), "{text}");
}

#[test]
fn missing_required_key() {
    let text = failing_build(|f| f.edit(INIT, "title = \"オンライン手続の推進\"\n", ""));
    assert!(text.contains("missing required key `title`"), "{text}");
    assert!(text.contains("1-1.ja.md:"), "{text}");
}

#[test]
fn unknown_pillar() {
    let text = failing_build(|f| f.edit(INIT, "pillar = \"1\"", "pillar = \"3\""));
    assert!(text.contains("unknown pillar `3`"), "{text}");
    assert!(text.contains("1-1.ja.md:4:10"), "{text}");
    assert!(text.contains("one of `1`, `2`"), "{text}");
}

#[test]
fn unknown_department_with_suggestion() {
    let text = failing_build(|f| f.edit(INIT, "departments = [\"digital\"]", "departments = [\"digtal\"]"));
    assert!(text.contains("unknown department `digtal`"), "{text}");
    assert!(text.contains("1-1.ja.md:7:16"), "{text}");
    assert!(text.contains("did you mean `digital`?"), "{text}");
}

#[test]
fn unknown_theme_with_suggestion() {
    let text = failing_build(|f| f.edit(INIT, "themes = [\"online\"]", "themes = [\"onlin\"]"));
    assert!(text.contains("unknown theme `onlin`"), "{text}");
    assert!(text.contains("did you mean `online`?"), "{text}");
}

#[test]
fn unknown_term() {
    let text = failing_build(|f| f.edit(INIT, "terms = [\"dx\"]", "terms = [\"dxx\"]"));
    assert!(text.contains("unknown glossary term `dxx`"), "{text}");
    assert!(text.contains("did you mean `dx`?"), "{text}");
}

#[test]
fn unknown_status() {
    let text = failing_build(|f| f.edit(INIT, "status = \"started\"", "status = \"stared\""));
    assert!(text.contains("unknown status `stared`"), "{text}");
    assert!(text.contains("did you mean `started`?"), "{text}");
}

#[test]
fn unknown_related_initiative() {
    let text = failing_build(|f| f.edit(INIT, "related = [\"2-1\"]", "related = [\"2-2\"]"));
    assert!(text.contains("unknown related initiative `2-2`"), "{text}");
    assert!(text.contains("did you mean `2-1`?"), "{text}");
}

#[test]
fn duplicate_action_id() {
    let text = failing_build(|f| {
        f.edit(INIT, "[[kpis]]", "[[actions]]\nid = \"1\"\ntitle = \"重複\"\n\n[[kpis]]");
        f.write(INIT_EN, &f.read(INIT_EN).replace("[[kpis]]", "[[actions]]\nid = \"1\"\ntitle = \"Duplicate\"\n\n[[kpis]]"));
    });
    assert!(text.contains("duplicate action id `1`"), "{text}");
}

#[test]
fn fiscal_year_outside_the_period() {
    let text = failing_build(|f| f.edit(INIT, "fy = 2029", "fy = 2031"));
    assert!(text.contains("fiscal year 2031 is outside the plan period 2025–2029"), "{text}");
    assert!(text.contains("1-1.ja.md:"), "{text}");
}

#[test]
fn wareki_year_gets_a_hint() {
    let text = failing_build(|f| f.edit(INIT, "fy = 2025", "fy = 7"));
    assert!(text.contains("`7` is not a fiscal year"), "{text}");
    assert!(text.contains("令和7年度 is fiscal year 2025"), "{text}");
}

#[test]
fn translation_disagreeing_on_a_number() {
    let text = failing_build(|f| f.edit(INIT_EN, "value = 23", "value = 32"));
    assert!(text.contains("translation disagrees with `ja`: `value` is 32"), "{text}");
    assert!(text.contains("1-1.en.md:"), "{text}");
    assert!(text.contains("expected 23, as in the `ja` file"), "{text}");
}

#[test]
fn translation_disagreeing_on_an_id() {
    let text = failing_build(|f| f.edit(INIT_EN, "departments = [\"digital\"]", "departments = [\"Digital\"]"));
    assert!(text.contains("translation disagrees with `ja`: `departments` is \"Digital\""), "{text}");
}

#[test]
fn invalid_utf8() {
    let text = failing_build(|f| {
        let mut bytes = f.read(INIT).into_bytes();
        bytes.extend_from_slice(&[0x82, 0xa0, b'\n']); // Shift_JIS あ
        f.write_bytes(INIT, &bytes);
    });
    assert!(text.contains("invalid UTF-8"), "{text}");
    assert!(text.contains("save the file as UTF-8"), "{text}");
}

#[test]
fn unterminated_front_matter() {
    let text = failing_build(|f| f.write(INIT, &f.read(INIT).replacen("+++\n", "", 2).replacen("", "+++\n", 1)));
    assert!(text.contains("unterminated front matter"), "{text}");
    assert!(text.contains("1-1.ja.md:1:1"), "{text}");
}

#[test]
fn unknown_language_in_file_name() {
    let text = failing_build(|f| f.write("content/plans/test-plan/initiatives/2-1.em.md", INITIATIVE2_JA));
    assert!(text.contains("unknown language `em`"), "{text}");
    assert!(text.contains("did you mean `en`?"), "{text}");
}

#[test]
fn invalid_date() {
    let text = failing_build(|f| f.edit(INIT, "status = \"started\"", "status = \"started\"\nstatus_date = \"2025-13\""));
    assert!(text.contains("invalid date `2025-13`"), "{text}");
}

#[test]
fn unknown_enum_value_with_suggestion() {
    let text = failing_build(|f| f.edit(INIT, "comparator = \"at-least\"", "comparator = \"atleast\""));
    assert!(text.contains("unknown value `atleast`"), "{text}");
    assert!(text.contains("did you mean `at-least`?"), "{text}");
}

#[test]
fn wrong_check_digit_of_local_government_code() {
    let text = failing_build(|f| f.edit("content/plans/test-plan/plan.ja.md", "code = \"221309\"", "code = \"221308\""));
    assert!(text.contains("wrong check digit"), "{text}");
}

#[test]
fn all_errors_are_reported_in_one_run() {
    let text = failing_build(|f| {
        f.edit(INIT, "pillar = \"1\"", "pillar = \"9\"");
        f.edit(INIT, "status = \"started\"", "status = \"nope\"");
        f.edit("content/plans/test-plan/initiatives/2-1.ja.md", "order = 2", "ordr = 2");
    });
    assert!(text.contains("unknown pillar `9`"), "{text}");
    assert!(text.contains("unknown status `nope`"), "{text}");
    assert!(text.contains("unknown key `ordr`"), "{text}");
    assert!(!text.contains("unknown related initiative `2-1`"), "a file that failed to load must not cascade: {text}");
}

/// Content, body-reference and template errors are reported together, in one run, each at its
/// place (issue 13): the body's references are checked in the model, not found while rendering.
#[test]
fn content_reference_and_template_errors_in_one_run() {
    const INIT2: &str = "content/plans/test-plan/initiatives/2-1.ja.md";
    let text = failing_build(|f| {
        f.edit(INIT, "pillar = \"1\"", "pillar = \"3\"");
        f.edit(INIT_EN, "pillar = \"1\"", "pillar = \"3\"");
        f.edit(INIT2, "。\"\n+++\n", "。\"\n+++\n本文 [[dxx]] と ※9。\n");
        f.write("templates/home.html", "{% if %}broken{% endif %}");
    });
    assert!(text.contains("unknown pillar `3`") && text.contains("1-1.ja.md:4:10"), "{text}");
    assert!(text.contains("unknown glossary term `dxx`") && text.contains("2-1.ja.md:8:4"), "{text}");
    assert!(text.contains("did you mean `dx`?"), "{text}");
    assert!(text.contains("unknown note ※9") && text.contains("2-1.ja.md:8:14"), "{text}");
    assert!(
        text.contains("template `home.html`: Found `%}`") && text.contains("templates/home.html:1:7"),
        "the template error, same run: {text}"
    );
    assert!(text.contains("failed with 4 error(s)"), "{text}");
}

/// A theme that still looks interface strings up in the flat form (`t['nav.home']`) is told the
/// nested form that replaced it.
#[test]
fn a_flat_interface_string_lookup_suggests_the_nested_one() {
    let text = failing_build(|f| {
        let statuses = f.read("themes/default/templates/statuses.html");
        f.write("templates/statuses.html", &statuses.replace("{{ page.title }}", "{{ page.title }} {{ t['nav.home'] }}"));
    });
    assert!(text.contains("write `t.nav.home` instead of `t['nav.home']`"), "{text}");
    assert!(text.contains("templates/statuses.html:3:25"), "at the lookup: {text}");
}
