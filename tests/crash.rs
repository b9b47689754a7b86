//! A build killed at any step of writing and swapping leaves a site at the output path, and the
//! next build cleans up every staging directory it left (issue 14, defect 8). The binary stops
//! itself with `abort()` — no destructors, no clean-up, as under SIGKILL — at the step named by
//! `KEIKAKU_TEST_KILL_AT`.

mod common;

use common::*;

fn killed_build(f: &Fixture, step: &str, fallback: bool) {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_keikaku"));
    cmd.arg("build").current_dir(f.path()).env("KEIKAKU_TEST_KILL_AT", step);
    if fallback {
        cmd.env("KEIKAKU_TEST_NO_EXCHANGE", "1");
    }
    let out = cmd.output().unwrap();
    assert!(!out.status.success(), "the build was to die at `{step}`");
}

#[test]
fn a_killed_build_leaves_a_site_and_the_next_build_cleans_up() {
    for (step, fallback, expect_old) in [
        ("writing", false, true),
        ("staged", false, true),
        ("exchanged", false, false),
        ("writing", true, true),
        ("staged", true, true),
    ] {
        let f = Fixture::standard();
        f.build_ok();
        let old = snapshot(&f.path().join("site"));
        f.edit("content/plans/test-plan/initiatives/1-1.ja.md", "オンライン手続の推進", "オンライン手続の推進（改訂）");
        killed_build(&f, step, fallback);
        let now = snapshot(&f.path().join("site"));
        assert!(!now.is_empty(), "{step}: a site is at the output path");
        if expect_old {
            assert!(now == old, "{step}: the previous site is intact");
        } else {
            assert!(
                now != old && f.site("ja/plans/test-plan/1-1/index.html").contains("（改訂）"),
                "{step}: the new site is in place"
            );
        }
        assert!(!debris(&f).is_empty(), "{step}: the killed build left its staging directory");
        f.build_ok();
        assert!(debris(&f).is_empty(), "{step}: the next build removed {:?}", debris(&f));
        assert!(f.site("ja/plans/test-plan/1-1/index.html").contains("（改訂）"));
    }
}

#[test]
fn a_crash_between_the_two_renames_is_repaired_by_the_next_build() {
    // Where directories cannot be exchanged atomically, the swap is two renames; a crash between
    // them leaves the previous site beside the output path. The next run puts it back first.
    let f = Fixture::standard();
    f.build_ok();
    let old = snapshot(&f.path().join("site"));
    killed_build(&f, "between-renames", true);
    assert!(!f.path().join("site").exists(), "the crash came between the renames");
    // Even a build that then fails restores the previous site.
    f.edit("content/plans/test-plan/initiatives/1-1.ja.md", "pillar = \"1\"", "pillar = \"9\"");
    let out = f.run(&["build"]);
    assert_eq!(out.status.code(), Some(1));
    let _ = old;
    f.edit("content/plans/test-plan/initiatives/1-1.ja.md", "pillar = \"9\"", "pillar = \"1\"");
    f.build_ok();
    assert!(debris(&f).is_empty(), "{:?}", debris(&f));
    assert!(f.path().join("site/index.html").is_file());
}

#[test]
fn a_build_that_fails_while_rendering_removes_what_it_had_written() {
    // Files are written as they are rendered; a page that fails (here an unknown glossary
    // reference, found only when its page renders) must leave neither a staging directory nor a
    // changed site.
    let f = Fixture::standard();
    f.build_ok();
    let old = snapshot(&f.path().join("site"));
    f.edit("content/plans/test-plan/initiatives/1-1.ja.md", "スマホで完結します。", "スマホで完結します。[[no-such-term]]");
    let out = f.run(&["build"]);
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no-such-term"));
    assert!(snapshot(&f.path().join("site")) == old, "the previous site is intact");
    assert!(debris(&f).is_empty(), "{:?}", debris(&f));
}

/// Builds with a fixed build date, so that two builds compare byte for byte.
fn build_at_fixed_date(f: &Fixture, output: &str) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_keikaku"))
        .args(["build", "--output", output])
        .current_dir(f.path())
        .env("SOURCE_DATE_EPOCH", "1764547200")
        .output()
        .unwrap();
    assert!(out.status.success(), "build failed:\n{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn a_rebuild_stages_into_the_replaced_site_and_swaps_in_exactly_the_new_one() {
    // The site a build replaces is kept as the spare and the next build writes into it (so that
    // rebuilds reuse the files' inodes). Whatever the spare holds — files the new build no longer
    // has, a directory where a file goes and a file where a directory goes, links that someone put
    // into the published site — the site swapped in is byte for byte a fresh build's, and nothing
    // outside the output is written through a link.
    let f = Fixture::standard();
    build_at_fixed_date(&f, "site");
    build_at_fixed_date(&f, "site");
    let spare = f.path().join(".site.keikaku-spare");
    assert!(spare.join(".keikaku-output").is_file(), "the replaced site is kept as the spare");
    f.write("victim.txt", "not keikaku's");
    f.write("other-link.txt", "not keikaku's either");
    std::fs::write(spare.join("stale.html"), "gone after the next build").unwrap();
    std::fs::create_dir_all(spare.join("gone/deeper")).unwrap();
    std::fs::write(spare.join("gone/deeper/page.html"), "stale").unwrap();
    std::fs::remove_file(spare.join("sitemap.xml")).unwrap();
    std::fs::create_dir_all(spare.join("sitemap.xml/inside")).unwrap();
    std::fs::remove_dir_all(spare.join("en")).unwrap();
    std::fs::write(spare.join("en"), "a file where a directory goes").unwrap();
    std::fs::remove_file(spare.join("ja/index.html")).unwrap();
    std::os::unix::fs::symlink(f.path().join("victim.txt"), spare.join("ja/index.html")).unwrap();
    std::fs::remove_file(spare.join("404.html")).unwrap();
    std::fs::hard_link(f.path().join("other-link.txt"), spare.join("404.html")).unwrap();

    build_at_fixed_date(&f, "site");
    build_at_fixed_date(&f, "fresh");
    assert!(snapshot(&f.path().join("site")) == snapshot(&f.path().join("fresh")), "the rebuilt site is a fresh build's");
    assert!(!f.path().join("site/gone").exists(), "directories left empty are removed");
    let links: Vec<_> = walkdir::WalkDir::new(f.path().join("site"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path_is_symlink())
        .map(|e| e.path().to_path_buf())
        .collect();
    assert!(links.is_empty(), "{links:?}");
    assert_eq!(f.read("victim.txt"), "not keikaku's");
    assert_eq!(f.read("other-link.txt"), "not keikaku's either");
    assert!(debris(&f).is_empty(), "{:?}", debris(&f));
    assert!(spare.join(".keikaku-output").is_file());
}

#[test]
fn a_directory_by_the_spare_name_without_the_marker_is_left_alone() {
    // Only a tree keikaku marked is written into or removed; someone else's directory that
    // happens to have the spare's name is neither.
    let f = Fixture::standard();
    f.write(".site.keikaku-spare/notes.txt", "mine");
    f.build_ok();
    f.build_ok();
    f.build_ok();
    assert_eq!(f.read(".site.keikaku-spare/notes.txt"), "mine");
    assert!(!f.path().join(".site.keikaku-spare/.keikaku-output").exists());
    assert!(f.site("index.html").contains("<html"));
    assert!(debris(&f).is_empty(), "{:?}", debris(&f));
}
