#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| keikaku::fuzzing::markdown_linker(data));
