//! Replays every committed fuzz input (`fuzz/regressions/{target}/*`: minimised crashers of the
//! fuzzers and the inputs of defects found by probing) through the fuzz targets' own code
//! (`keikaku::fuzzing`), on the stable toolchain. A target that panics fails the test.

use std::path::Path;

/// A fuzz target: bytes in, a panic when an invariant breaks.
type Target = fn(&[u8]);

#[test]
fn every_regression_input_passes_its_target() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/regressions");
    let targets: [(&str, Target); 6] = [
        ("front_matter", keikaku::fuzzing::front_matter),
        ("markdown_linker", keikaku::fuzzing::markdown_linker),
        ("tokenizer", keikaku::fuzzing::tokenizer),
        ("roadmap_chart", keikaku::fuzzing::roadmap_chart),
        ("url_and_id", keikaku::fuzzing::url_and_id),
        ("serve_request", keikaku::fuzzing::serve_request),
    ];
    let mut replayed = 0;
    for (name, target) in targets {
        let mut inputs: Vec<_> = std::fs::read_dir(dir.join(name))
            .unwrap_or_else(|e| panic!("fuzz/regressions/{name}: {e}"))
            .filter_map(Result::ok)
            .map(|e| e.path())
            .collect();
        inputs.sort();
        for path in inputs {
            let data = std::fs::read(&path).unwrap();
            let outcome = std::panic::catch_unwind(|| target(&data));
            assert!(outcome.is_ok(), "{name}: {} fails again", path.display());
            replayed += 1;
        }
    }
    assert!(replayed >= 8, "replayed {replayed} inputs");
}
