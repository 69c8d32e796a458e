//! The file-system contract of `warraq build` and `warraq convert -o`
//! (issue 15): a build writes only what it owns, only where it was told.
//! Each test reproduces one measured defect.

mod common;

use common::*;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The binary under test (WARRAQ_TEST_BIN runs the suite against another build).
fn warraq_cmd() -> Command {
    match std::env::var_os("WARRAQ_TEST_BIN") {
        Some(bin) => Command::new(bin),
        None => warraq(),
    }
}

fn run_warraq(args: &[&str]) -> Output {
    exited_cleanly(warraq_cmd().args(args).output().expect("warraq runs"))
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn essay(title: &str) -> String {
    format!("{title}\nسلمى الحداد\n\nعنوان فرعي\nفقرة من نص هذا الجزء تكفي لأن تكون فقرة حقيقية في السلسلة.\n")
}

fn s(path: &Path) -> &str {
    path.to_str().unwrap()
}

fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|entries| entries.map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect())
        .unwrap_or_default();
    names.sort();
    names
}

fn json_report(output: &Output) -> Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|_| panic!("--json prints JSON: {}", stderr(output)))
}

fn skipped(report: &Value) -> Vec<bool> {
    report["parts"].as_array().unwrap().iter().map(|p| p["skipped"].as_bool().unwrap()).collect()
}

#[cfg(unix)]
fn mode_of(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o7777
}

#[cfg(unix)]
fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

// 1. A slug must not lead outside --out.
#[test]
fn a_manifest_slug_that_leaves_the_output_directory_is_refused() {
    let root = scratch();
    let series = root.path().join("d2/s");
    std::fs::create_dir_all(&series).unwrap();
    std::fs::write(series.join("a.txt"), essay("تاريخ الورق، الجزء الأول")).unwrap();
    let out = root.path().join("d2/out/inner");
    for slug in ["../../escaped", "/tmp/warraq-escaped-slug", ".", "", "a\\tb"] {
        std::fs::write(series.join("series.toml"), format!("title = \"t\"\nslug = \"{slug}\"\nparts = [\"a.txt\"]\n"))
            .unwrap();
        let output = run_warraq(&["build", s(&series.join("series.toml")), "--to", "json", "--out", s(&out)]);
        assert_eq!(output.status.code(), Some(1), "slug {slug:?}: {}", stderr(&output));
        assert!(stderr(&output).contains("`slug`"), "the error names the key: {}", stderr(&output));
    }
    assert_eq!(names_in(root.path()), ["d2"], "nothing next to d2");
    assert!(!names_in(&root.path().join("d2")).iter().any(|n| n.contains("escaped")), "nothing escaped two levels up");
    assert!(!Path::new("/tmp/warraq-escaped-slug-01.json").exists());
}

// 2. A crafted state file must not make warraq delete other files.
#[test]
fn a_crafted_build_state_cannot_delete_files_outside_the_output_directory() {
    let root = scratch();
    let (input, out) = (root.path().join("in"), root.path().join("out"));
    std::fs::create_dir_all(&input).unwrap();
    std::fs::create_dir_all(&out).unwrap();
    let victim = root.path().join("victim.txt");
    let absolute_victim = root.path().join("absolute-victim.txt");
    std::fs::write(&victim, "precious").unwrap();
    std::fs::write(&absolute_victim, "precious").unwrap();
    let bad = input.join("bad.txt");
    std::fs::write(&bad, b"x\x00").unwrap();
    let hash = "0".repeat(64);
    let states = [
        format!(
            r#"{{"parts":{{"{}":{{"key":"x","outputs":["../victim.txt","{}"],"pages":null}}}},"omnibus":null}}"#,
            s(&bad),
            s(&absolute_victim)
        ),
        format!(
            r#"{{"version":2,"series":{{"series:series":{{"parts":{{"{}":{{"key":"x","outputs":[{{"name":"../victim.txt","size":8,"sha256":"{hash}"}},{{"name":"{}","size":8,"sha256":"{hash}"}}],"pages":null}}}},"omnibus":null}}}}}}"#,
            std::fs::canonicalize(&bad).unwrap().display(),
            s(&absolute_victim)
        ),
    ];
    for state in states {
        std::fs::write(out.join(".warraq-build.json"), state).unwrap();
        let output = run_warraq(&["build", s(&bad), "--out", s(&out)]);
        assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious");
        assert_eq!(std::fs::read_to_string(&absolute_victim).unwrap(), "precious");
    }
}

// 3. A failing part must not delete the user's own files that share its names.
#[test]
fn a_failing_part_leaves_hand_made_files_with_its_names_alone() {
    let dir = scratch();
    std::fs::write(dir.path().join("notes.txt"), b"\x00\x01\x02binary").unwrap();
    std::fs::write(dir.path().join("notes.epub"), "hand-made epub").unwrap();
    std::fs::write(dir.path().join("notes.pdf"), "hand-made pdf").unwrap();
    let output = run_warraq(&["build", s(&dir.path().join("notes.txt")), "--out", s(dir.path())]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert_eq!(std::fs::read_to_string(dir.path().join("notes.epub")).unwrap(), "hand-made epub");
    assert_eq!(std::fs::read_to_string(dir.path().join("notes.pdf")).unwrap(), "hand-made pdf");
}

// 4. build never overwrites its own input.
#[test]
fn build_refuses_to_overwrite_its_own_input() {
    let dir = scratch();
    for (name, format) in [("essay.epub", "epub"), ("notes.json", "json")] {
        let input = dir.path().join(name);
        let text = essay("وهم الخلافة");
        std::fs::write(&input, &text).unwrap();
        let output = run_warraq(&["build", s(&input), "--out", s(dir.path()), "--to", format]);
        assert_eq!(output.status.code(), Some(1), "{name}: {}", stderr(&output));
        assert!(stderr(&output).contains("input"), "{}", stderr(&output));
        assert_eq!(std::fs::read_to_string(&input).unwrap(), text, "{name} is untouched");
    }
    // Through a link too.
    let out = scratch();
    let input = dir.path().join("linked.epub");
    std::fs::write(&input, essay("وهم الخلافة")).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(&input, out.path().join("linked.epub")).unwrap();
    let output = run_warraq(&["build", s(&input), "--out", s(out.path()), "--to", "epub"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert_eq!(std::fs::read_to_string(&input).unwrap(), essay("وهم الخلافة"));
}

// 5. Two parts with one output name are an error naming both, before anything is written.
#[test]
fn colliding_output_names_are_an_error_naming_both_inputs() {
    let dir = scratch();
    for sub in ["a", "b", "c"] {
        std::fs::create_dir_all(dir.path().join(sub)).unwrap();
        std::fs::write(dir.path().join(sub).join("x.txt"), essay(&format!("مقالة {sub}"))).unwrap();
    }
    let out = dir.path().join("out");
    let (a, b, c) = (dir.path().join("a/x.txt"), dir.path().join("b/x.txt"), dir.path().join("c/x.txt"));
    let output = run_warraq(&["build", s(&a), s(&b), s(&c), "--to", "json", "--out", s(&out), "-j", "3"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let message = stderr(&output);
    assert!(message.contains(s(&b)) && message.contains(s(&c)), "{message}");
    assert!(names_in(&out).iter().all(|n| !n.ends_with(".json")), "nothing written: {:?}", names_in(&out));

    // One file listed twice in a manifest.
    std::fs::write(dir.path().join("series.toml"), "title = \"t\"\nparts = [\"a/x.txt\", \"a/x.txt\"]\n").unwrap();
    let output = run_warraq(&["build", s(&dir.path().join("series.toml")), "--to", "json", "--out", s(&out)]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(stderr(&output).contains("twice"), "{}", stderr(&output));
}

// 6. A FIFO is written to, not replaced (any user).
#[cfg(unix)]
#[test]
fn a_fifo_output_is_written_to_not_replaced() {
    use std::os::unix::fs::FileTypeExt;
    if Command::new("mkfifo").arg("--version").output().is_err() {
        eprintln!("skipping: no mkfifo");
        return;
    }
    let dir = scratch();
    let input = dir.path().join("essay.txt");
    std::fs::write(&input, essay("وهم الخلافة")).unwrap();
    let fifo = dir.path().join("pipe.json");
    assert!(Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read(&fifo).unwrap())
    };
    let output = run_warraq(&["convert", s(&input), "--to", "json", "-o", s(&fifo)]);
    assert!(output.status.success(), "{}", stderr(&output));
    // Checked before joining: a replaced FIFO would leave the reader waiting forever.
    assert!(std::fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo(), "still a FIFO");
    let bytes = reader.join().unwrap();
    assert!(bytes.starts_with(b"{"), "the reader got the JSON");
}

// 6. As root, -o /dev/null stays a device and -o /dev/full fails: only inside
// a private mount namespace with its own /dev, never on the real one.
#[cfg(target_os = "linux")]
#[test]
fn device_outputs_stay_devices_in_a_private_mount_namespace() {
    let private = Command::new("unshare").args(["-m", "--propagation", "private", "true"]).output();
    if !private.is_ok_and(|o| o.status.success()) {
        eprintln!("skipping: unshare -m does not work here (needs root or user namespaces)");
        return;
    }
    let dir = scratch();
    let input = dir.path().join("essay.txt");
    std::fs::write(&input, essay("وهم الخلافة")).unwrap();
    let bin = std::env::var("WARRAQ_TEST_BIN").unwrap_or_else(|_| env!("CARGO_BIN_EXE_warraq").to_string());
    // Everything after the mount happens on a tmpfs that only this namespace sees.
    let script = format!(
        "set -e; mount -t tmpfs none /dev; mknod -m 666 /dev/null c 1 3; mknod -m 666 /dev/full c 1 7; \
         '{bin}' convert '{input}' --to json -o /dev/null; test -c /dev/null && echo null-is-a-device; \
         if '{bin}' convert '{input}' --to json -o /dev/full 2>/dev/null; then echo full-succeeded; else echo full-failed; fi; \
         test -c /dev/full && echo full-is-a-device; ln -s /proc/self/fd/1 /dev/stdout; \
         '{bin}' convert '{input}' --to json -o /dev/stdout | grep -q '\"meta\"' && echo stdout-got-it; \
         test -L /dev/stdout && echo stdout-is-a-link",
        input = input.display()
    );
    let output =
        Command::new("unshare").args(["-m", "--propagation", "private", "sh", "-c", &script]).output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    if stdout.is_empty() && !output.status.success() && String::from_utf8_lossy(&output.stderr).contains("mount") {
        eprintln!("skipping: cannot mount a private /dev: {}", String::from_utf8_lossy(&output.stderr));
        return;
    }
    assert!(stdout.contains("null-is-a-device"), "{stdout}{}", String::from_utf8_lossy(&output.stderr));
    assert!(stdout.contains("full-failed"), "writing to /dev/full fails: {stdout}");
    assert!(stdout.contains("full-is-a-device"), "{stdout}");
    assert!(stdout.contains("stdout-got-it") && stdout.contains("stdout-is-a-link"), "-o /dev/stdout: {stdout}");
}

// 7. A temporary file that a killed run left is cleaned up by the next run.
#[test]
fn stale_temporary_files_are_removed_and_fresh_ones_kept() {
    let dir = scratch();
    let input = dir.path().join("essay.txt");
    std::fs::write(&input, essay("وهم الخلافة")).unwrap();
    let out = dir.path().join("out");
    std::fs::create_dir_all(&out).unwrap();
    let (stale, fresh) = (out.join(".warraq-abc123.part"), out.join(".warraq-def456.part"));
    std::fs::write(&stale, vec![0; 4096]).unwrap();
    std::fs::write(&fresh, vec![0; 4096]).unwrap();
    let old = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    std::fs::File::options().write(true).open(&stale).unwrap().set_modified(old).unwrap();
    let output = run_warraq(&["build", s(&input), "--to", "json", "--out", s(&out)]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(!stale.exists(), "an hour-old temporary file is removed");
    assert!(fresh.exists(), "a fresh one may belong to a running build");
}

// 7. SIGTERM and SIGKILL during a build leave no temporary file.
#[cfg(unix)]
#[test]
fn killed_builds_leave_no_temporary_files() {
    let out = scratch();
    for (signal, delay) in [("TERM", 300), ("KILL", 300), ("TERM", 900), ("KILL", 900), ("INT", 600)] {
        let mut child = warraq_cmd()
            .args([
                "build",
                s(&example("series")),
                "--to",
                "pdf,epub",
                "--force",
                "-j",
                "2",
                "-q",
                "--out",
                s(out.path()),
            ])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay));
        Command::new("kill").arg(format!("-{signal}")).arg(child.id().to_string()).status().unwrap();
        child.wait().unwrap();
        let leftovers: Vec<String> = names_in(out.path()).into_iter().filter(|n| n.ends_with(".part")).collect();
        assert!(leftovers.is_empty(), "SIG{signal} after {delay} ms left {leftovers:?}");
    }
}

// 8. Modes: the umask for new files, the old mode for replaced ones, read-only refused.
#[cfg(unix)]
#[test]
fn new_outputs_follow_the_umask_and_replaced_ones_keep_their_mode() {
    let dir = scratch();
    let input = dir.path().join("essay.txt");
    std::fs::write(&input, essay("وهم الخلافة")).unwrap();
    let bin = std::env::var("WARRAQ_TEST_BIN").unwrap_or_else(|_| env!("CARGO_BIN_EXE_warraq").to_string());
    let new = dir.path().join("new.json");
    let status = Command::new("sh")
        .arg("-c")
        .arg(format!("umask 077; exec '{bin}' convert '{}' --to json -o '{}'", input.display(), new.display()))
        .status()
        .unwrap();
    assert!(status.success());
    assert_eq!(mode_of(&new), 0o600, "0666 & !umask");

    let private = dir.path().join("private.json");
    std::fs::write(&private, "old").unwrap();
    set_mode(&private, 0o600);
    assert!(run_warraq(&["convert", s(&input), "--to", "json", "-o", s(&private)]).status.success());
    assert_eq!(mode_of(&private), 0o600, "a 0600 output stays 0600");
    assert_ne!(std::fs::read_to_string(&private).unwrap(), "old");

    let read_only = dir.path().join("read-only.json");
    std::fs::write(&read_only, "keep me").unwrap();
    set_mode(&read_only, 0o444);
    let output = run_warraq(&["convert", s(&input), "--to", "json", "-o", s(&read_only)]);
    assert_eq!(output.status.code(), Some(1), "a read-only output is refused");
    assert!(stderr(&output).contains("read-only"), "{}", stderr(&output));
    assert_eq!(std::fs::read_to_string(&read_only).unwrap(), "keep me");

    let out = dir.path().join("out");
    std::fs::create_dir_all(&out).unwrap();
    let target = out.join("essay.json");
    std::fs::write(&target, "keep me").unwrap();
    set_mode(&target, 0o444);
    let output = run_warraq(&["build", s(&input), "--to", "json", "--out", s(&out)]);
    assert_eq!(output.status.code(), Some(1), "build refuses it too: {}", stderr(&output));
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "keep me");
    let output = run_warraq(&["build", s(&input), "--to", "json", "--out", s(&out), "--force"]);
    assert!(output.status.success(), "--force replaces it: {}", stderr(&output));
    assert_ne!(std::fs::read_to_string(&target).unwrap(), "keep me");
    assert_eq!(mode_of(&target), 0o444, "and keeps its mode");
}

// 9. Symbolic links are written through.
#[cfg(unix)]
#[test]
fn outputs_that_are_symlinks_are_written_through() {
    let dir = scratch();
    let input = dir.path().join("essay.txt");
    std::fs::write(&input, essay("وهم الخلافة")).unwrap();
    let real = dir.path().join("real.json");
    std::fs::write(&real, "old").unwrap();
    let link = dir.path().join("link.json");
    std::os::unix::fs::symlink("real.json", &link).unwrap();
    assert!(run_warraq(&["convert", s(&input), "--to", "json", "-o", s(&link)]).status.success());
    assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink(), "the link stays a link");
    assert!(std::fs::read_to_string(&real).unwrap().starts_with('{'), "its target holds the output");

    let out = dir.path().join("out");
    std::fs::create_dir_all(&out).unwrap();
    let elsewhere = dir.path().join("elsewhere.json");
    std::os::unix::fs::symlink(&elsewhere, out.join("essay.json")).unwrap();
    assert!(run_warraq(&["build", s(&input), "--to", "json", "--out", s(&out)]).status.success());
    assert!(std::fs::symlink_metadata(out.join("essay.json")).unwrap().file_type().is_symlink());
    assert!(std::fs::read_to_string(&elsewhere).unwrap().starts_with('{'), "a dangling link gets its file");
}

// 10. An output overwritten with junk is rebuilt, not skipped.
#[test]
fn an_output_that_changed_since_it_was_written_is_rebuilt() {
    let dir = series_copy();
    let out = scratch();
    let build = || {
        let output = run_warraq(&["build", s(dir.path()), "--to", "json", "--out", s(out.path()), "--json"]);
        assert!(output.status.success(), "{}", stderr(&output));
        json_report(&output)
    };
    assert_eq!(skipped(&build()), [false; 5]);
    let first = out.path().join("paper-road-01.json");
    let first = if first.exists() {
        first
    } else {
        out.path().join(names_in(out.path()).into_iter().find(|n| n.ends_with("-01.json")).unwrap())
    };
    let good = std::fs::read(&first).unwrap();
    std::fs::write(&first, "junk").unwrap();
    assert_eq!(skipped(&build()), [false, true, true, true, true], "only the damaged output is rebuilt");
    assert_eq!(std::fs::read(&first).unwrap(), good);
}

// 11. Two series share one output directory without rebuilding each other.
#[test]
fn two_series_share_an_output_directory() {
    let (one, two) = (scratch(), scratch());
    std::fs::write(one.path().join("a.txt"), essay("تاريخ الورق، الجزء الأول")).unwrap();
    std::fs::write(one.path().join("b.txt"), essay("تاريخ الورق، الجزء الثاني")).unwrap();
    std::fs::write(two.path().join("a.txt"), essay("تاريخ الحبر، الجزء الأول")).unwrap();
    std::fs::write(two.path().join("b.txt"), essay("تاريخ الحبر، الجزء الثاني")).unwrap();
    let out = scratch();
    let build = |dir: &Path| {
        let output = run_warraq(&["build", s(dir), "--to", "json", "--out", s(out.path()), "--json"]);
        assert!(output.status.success(), "{}", stderr(&output));
        skipped(&json_report(&output))
    };
    assert_eq!(build(one.path()), [false, false]);
    assert_eq!(build(two.path()), [false, false]);
    assert_eq!(build(one.path()), [true, true], "the other series' build did not erase this one's state");
    assert_eq!(build(two.path()), [true, true]);
}

// 11. Two builds running at once into one directory both keep their state.
#[test]
fn concurrent_builds_into_one_directory_keep_both_states() {
    let (one, two) = (scratch(), scratch());
    for (dir, series) in [(&one, "تاريخ الورق"), (&two, "تاريخ الحبر")] {
        for (file, part) in [("a.txt", "الأول"), ("b.txt", "الثاني"), ("c.txt", "الثالث")] {
            std::fs::write(dir.path().join(file), essay(&format!("{series}، الجزء {part}"))).unwrap();
        }
    }
    let out = scratch();
    let spawn = |dir: &Path| {
        warraq_cmd()
            .args(["build", s(dir), "--to", "json,epub", "--out", s(out.path()), "-q"])
            .spawn()
            .expect("warraq runs")
    };
    let (mut a, mut b) = (spawn(one.path()), spawn(two.path()));
    assert!(a.wait().unwrap().success() && b.wait().unwrap().success());
    for dir in [&one, &two] {
        let output = run_warraq(&["build", s(dir.path()), "--to", "json,epub", "--out", s(out.path()), "--json"]);
        assert_eq!(skipped(&json_report(&output)), [true; 3], "both builds' states survived");
    }
}

// 12. A non-UTF-8 file name is refused, not turned into U+FFFD.
#[cfg(target_os = "linux")]
#[test]
fn non_utf8_file_names_are_refused() {
    use std::os::unix::ffi::OsStrExt;
    let dir = scratch();
    let input: PathBuf = dir.path().join(std::ffi::OsStr::from_bytes(b"essay-\xff.txt"));
    std::fs::write(&input, essay("وهم الخلافة")).unwrap();
    let out = dir.path().join("out");
    let output = warraq_cmd().arg("build").arg(dir.path()).args(["--to", "json", "--out"]).arg(&out).output().unwrap();
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(stderr(&output).contains("UTF-8"), "{}", stderr(&output));
    assert!(names_in(&out).iter().all(|n| !n.contains('\u{FFFD}')), "{:?}", names_in(&out));
}

// Issue 14: toggling --omnibus does not rebuild the parts.
#[test]
fn asking_for_the_omnibus_does_not_rebuild_the_parts() {
    let out = scratch();
    let manifest = example("series/series.toml");
    let build = |extra: &[&str]| {
        let mut args = vec!["build", s(&manifest), "--to", "json", "--out", s(out.path()), "--json"];
        args.extend_from_slice(extra);
        let output = run_warraq(&args);
        assert!(output.status.success(), "{}", stderr(&output));
        json_report(&output)
    };
    assert_eq!(skipped(&build(&[])), [false; 5]);
    let report = build(&["--omnibus"]);
    assert_eq!(skipped(&report), [true; 5]);
    assert_eq!(report["omnibus"]["skipped"], false);
    assert_eq!(skipped(&build(&[])), [true; 5]);
    assert_eq!(build(&["--omnibus"])["omnibus"]["skipped"], true, "the omnibus is remembered too");
}

// Issue 14: a paper with no room for a line once panicked and took the whole
// build (report and state) down with it; now it is at most that part's error.
#[test]
fn a_part_that_cannot_be_laid_out_never_takes_the_build_down() {
    let dir = scratch();
    std::fs::write(dir.path().join("a.txt"), essay("تاريخ الورق، الجزء الأول")).unwrap();
    std::fs::write(dir.path().join("series.toml"), "title = \"t\"\npaper = \"200x60\"\nparts = [\"a.txt\"]\n").unwrap();
    let out = dir.path().join("out");
    let output = run_warraq(&["build", s(&dir.path().join("series.toml")), "--to", "pdf", "--out", s(&out), "--json"]);
    if output.status.code() == Some(1) && output.stdout.is_empty() {
        assert!(stderr(&output).contains("200x60") || stderr(&output).contains("paper"), "{}", stderr(&output));
    } else {
        let report = json_report(&output);
        assert_eq!(report["parts"].as_array().unwrap().len(), 1);
        assert!(out.join(".warraq-build.json").exists(), "the state is saved");
    }
}
