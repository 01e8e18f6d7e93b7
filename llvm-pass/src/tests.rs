//! Unit tests of the portable-IR transformations on small hand-written
//! modules. End-to-end behaviour (C programs on every ISA) is tested by the
//! directive-driven harness in tests/.

use inkwell::context::Context;
use inkwell::memory_buffer::MemoryBuffer;
use inkwell::module::Module;

const HEADER: &str = "target datalayout = \"e-m:e-p:64:64-i64:64-i128:128-n32:64-S128\"\n\
                      target triple = \"riscv64-unknown-linux-musl\"\n";

fn module<'c>(ctx: &'c Context, body: &str) -> Module<'c> {
    let text = format!("{HEADER}{body}");
    let buffer = MemoryBuffer::create_from_memory_range_copy(text.as_bytes(), "test");
    ctx.create_module_from_ir(buffer).expect("valid test IR")
}

fn lowered(body: &str, pass: fn(llvm_sys::prelude::LLVMModuleRef) -> Result<(), crate::Error>) -> String {
    let ctx = Context::create();
    let m = module(&ctx, body);
    pass(m.as_mut_ptr()).unwrap();
    m.verify().expect("the pass keeps the module valid");
    m.print_to_string().to_string()
}

#[test]
fn variadic_calls_store_arguments_in_riscv64_slots() {
    let ir = lowered(
        r#"
declare void @llvm.va_start.p0(ptr)
declare void @llvm.va_end.p0(ptr)
define i32 @sum(i32 %n, ...) {
  %ap = alloca ptr
  call void @llvm.va_start.p0(ptr %ap)
  call void @llvm.va_end.p0(ptr %ap)
  ret i32 %n
}
define i32 @caller() {
  %r = call i32 (i32, ...) @sum(i32 3, i32 7, fp128 0xL00000000000000003FFF000000000000, double 1.0)
  ret i32 %r
}
"#,
        crate::varargs::lower,
    );
    assert!(ir.contains("define i32 @sum(i32 %n, ptr %va.buffer)"), "{ir}");
    assert!(ir.contains("store ptr %va.buffer, ptr %ap"), "va_start stores the buffer: {ir}");
    assert!(!ir.contains("call void @llvm.va_end"), "va_end is dropped: {ir}");
    // i32 at 0, fp128 aligned to 16, double after it: 40 bytes, in a
    // buffer of at least 8 slots.
    assert!(ir.contains("alloca [8 x i64], align 16"), "{ir}");
    assert!(ir.contains("getelementptr inbounds i8, ptr %va.buffer, i64 0\n  store i32 7"), "{ir}");
    assert!(ir.contains("getelementptr inbounds i8, ptr %va.buffer, i64 16"), "{ir}");
    assert!(ir.contains("getelementptr inbounds i8, ptr %va.buffer, i64 32"), "{ir}");
    assert!(ir.contains("call i32 @sum(i32 3, ptr %va.buffer"), "{ir}");
}

#[test]
fn indirect_variadic_calls_and_va_copy_are_lowered() {
    let ir = lowered(
        r#"
declare void @llvm.va_copy.p0(ptr, ptr)
define void @copy(ptr %dst, ptr %src) {
  call void @llvm.va_copy.p0(ptr %dst, ptr %src)
  ret void
}
define i32 @through(ptr %fp) {
  %r = call i32 (ptr, ...) %fp(ptr null, i64 5)
  ret i32 %r
}
"#,
        crate::varargs::lower,
    );
    assert!(ir.contains("load ptr, ptr %src") && ir.contains("store ptr %va.copy, ptr %dst"), "{ir}");
    assert!(ir.contains("call i32 %fp(ptr null, ptr %va.buffer"), "{ir}");
}

#[test]
fn calls_without_variadic_arguments_still_pass_a_readable_buffer() {
    let ir = lowered(
        "declare i32 @fcntl(i32, i32, ...)\ndefine i32 @f(i32 %fd) {\n  %r = call i32 (i32, i32, ...) @fcntl(i32 %fd, i32 3)\n  ret i32 %r\n}\n",
        crate::varargs::lower,
    );
    assert!(ir.contains("declare i32 @fcntl(i32, i32, ptr)"), "{ir}");
    assert!(ir.contains("alloca [8 x i64], align 16"), "{ir}");
    assert!(ir.contains("call i32 @fcntl(i32 %fd, i32 3, ptr %va.buffer)"), "{ir}");
}

#[test]
fn thread_locals_become_offsets_below_the_thread_pointer() {
    let ir = lowered(
        r#"
@a = thread_local global i32 5, align 4
@b = thread_local global i64 0, align 8
declare ptr @llvm.threadlocal.address.p0(ptr)
define i64 @get() {
  %pa = call ptr @llvm.threadlocal.address.p0(ptr @a)
  %pb = call ptr @llvm.threadlocal.address.p0(ptr @b)
  %x = load i32, ptr %pa
  %y = load i64, ptr %pb
  %z = sext i32 %x to i64
  %s = add i64 %y, %z
  ret i64 %s
}
"#,
        crate::tls::lower,
    );
    assert!(!ir.contains("thread_local"), "{ir}");
    // a at offset 0, b at 8; the 16-byte block ends at the thread pointer.
    assert!(ir.contains("i64 -16"), "{ir}");
    assert!(ir.contains("i64 -8"), "{ir}");
    assert!(ir.contains("call i64 @__migcc_get_tp()"), "{ir}");
    assert!(
        ir.contains("@__migcc_tls = constant { ptr, i64, i64, i64 } { ptr @__migcc_tls_image, i64 16, i64 16, i64 8 }"),
        "{ir}"
    );
}

#[test]
fn fmuladd_is_split_and_fast_math_flags_removed() {
    let ir = lowered_fp(
        "declare double @llvm.fmuladd.f64(double, double, double)\n\
         define double @f(double %a, double %b, double %c) {\n\
           %m = call double @llvm.fmuladd.f64(double %a, double %b, double %c)\n\
           %r = fadd fast double %m, %a\n\
           ret double %r\n}\n",
    );
    assert!(!ir.contains("fmuladd(") && !ir.contains("fast"), "{ir}");
    assert!(ir.contains("fmul double %a, %b"), "{ir}");
}

/// rustc leaves constant expressions over thread-locals in instructions;
/// each becomes instructions on the thread pointer, nested ones and phi
/// incomings (built in the predecessor) included.
#[test]
fn thread_locals_inside_constant_expressions() {
    let ir = lowered(
        r#"
@t = thread_local global [4 x i32] zeroinitializer, align 4
define i32 @f(i1 %c) {
entry:
  %v = load i32, ptr getelementptr inbounds ([4 x i32], ptr @t, i64 0, i64 2), align 4
  %n = add i64 ptrtoint (ptr getelementptr inbounds ([4 x i32], ptr @t, i64 0, i64 1) to i64), 1
  br i1 %c, label %other, label %join
other:
  br label %join
join:
  %p = phi ptr [ getelementptr inbounds ([4 x i32], ptr @t, i64 0, i64 3), %entry ], [ null, %other ]
  store i64 %n, ptr %p
  ret i32 %v
}
"#,
        crate::tls::lower,
    );
    assert!(!ir.contains("@t"), "{ir}");
    assert_eq!(ir.matches("call i64 @__migcc_get_tp()").count(), 3, "{ir}");
    assert_eq!(ir.matches("inbounds [4 x i32], ptr %tls").count(), 3, "{ir}");
    for index in 1..=3 {
        assert!(ir.contains(&format!("i64 0, i64 {index}\n")), "{ir}");
    }
    assert!(ir.contains("= ptrtoint ptr"), "{ir}");
    let entry_end = ir.find("br i1 %c").unwrap();
    let last_gep = ir.rfind("i64 0, i64 3").unwrap();
    assert!(last_gep < entry_end, "the phi's incoming value is built in its predecessor\n{ir}");
}

fn lowered_fp(body: &str) -> String {
    lowered(body, |m| {
        crate::strict_fp::enforce(m);
        Ok(())
    })
}

#[test]
fn inline_assembly_is_rejected_with_file_and_function() {
    let ctx = Context::create();
    let m = module(&ctx, "define void @spin() {\n  call void asm sideeffect \"wfi\", \"\"()\n  ret void\n}\n");
    let err = crate::check::check_module(m.as_mut_ptr(), "spin.c").unwrap_err().to_string();
    assert!(err.contains("spin.c") && err.contains("`spin`") && err.contains("inline assembly"), "{err}");
}

#[test]
fn compiler_barriers_are_portable() {
    let ctx = Context::create();
    let m = module(&ctx, "define void @f() {\n  call void asm sideeffect \"\", \"~{memory}\"()\n  ret void\n}\n");
    crate::check::check_module(m.as_mut_ptr(), "f.c").unwrap();
}

fn lowered_goto(body: &str) -> String {
    let ir = lowered(body, |m| crate::indirect_goto::lower(m).map(|_| ()));
    assert!(!ir.contains("blockaddress") && !ir.contains("indirectbr"), "{ir}");
    ir
}

/// An interpreter in the shape clang emits at -O0: a static table of label
/// values, a label-offset table (`&&op - &&base`), one `indirectbr` listing
/// every label (duplicates included) and a phi over the dispatch values.
const INTERPRETER: &str = r#"
@run.ops = internal global [3 x ptr] [ptr blockaddress(@run, %inc), ptr blockaddress(@run, %dbl), ptr blockaddress(@run, %done)]
@run.offs = internal constant [2 x i32] [i32 trunc (i64 sub (i64 ptrtoint (ptr blockaddress(@run, %dbl) to i64), i64 ptrtoint (ptr blockaddress(@run, %inc) to i64)) to i32), i32 trunc (i64 sub (i64 ptrtoint (ptr blockaddress(@run, %done) to i64), i64 ptrtoint (ptr blockaddress(@run, %inc) to i64)) to i32)]
define i32 @run(ptr %code) {
entry:
  %first = load ptr, ptr @run.ops
  br label %dispatch
inc:
  %a = phi i32 [ 0, %dispatch ], [ 0, %dispatch ], [ 0, %dispatch ]
  %a1 = add i32 %a, 1
  %off = load i32, ptr @run.offs
  %off64 = sext i32 %off to i64
  %next = getelementptr i8, ptr blockaddress(@run, %inc), i64 %off64
  br label %dispatch
dbl:
  %d = phi i32 [ 7, %dispatch ], [ 7, %dispatch ]
  %p = getelementptr [3 x ptr], ptr @run.ops, i64 0, i64 2
  %last = load ptr, ptr %p
  br label %dispatch
done:
  %r = phi i32 [ 1, %dispatch ]
  ret i32 %r
dispatch:
  %target = phi ptr [ %first, %entry ], [ %next, %inc ], [ %last, %dbl ]
  indirectbr ptr %target, [label %inc, label %dbl, label %done, label %inc, label %dbl, label %inc]
}
"#;

#[test]
fn computed_goto_becomes_a_switch_over_label_ids() {
    let ir = lowered_goto(INTERPRETER);
    // Ids 1..3 in block order; label differences become id differences
    // (folded later, by passes that know pointers are 64 bits wide).
    assert!(
        ir.contains(
            "[3 x ptr] [ptr inttoptr (i64 1 to ptr), ptr inttoptr (i64 2 to ptr), ptr inttoptr (i64 3 to ptr)]"
        ),
        "{ir}"
    );
    assert!(
        ir.contains("[i32 trunc (i64 sub (i64 ptrtoint (ptr inttoptr (i64 2 to ptr) to i64), i64 ptrtoint (ptr inttoptr (i64 1 to ptr) to i64)) to i32), i32 trunc (i64 sub (i64 ptrtoint (ptr inttoptr (i64 3 to ptr) to i64)"),
        "{ir}"
    );
    assert!(ir.contains("getelementptr i8, ptr inttoptr (i64 1 to ptr), i64 %off64"), "{ir}");
    assert!(ir.contains("%goto.id = ptrtoint ptr %target to i64"), "{ir}");
    assert!(ir.contains("switch i64 %goto.id, label %goto.unreachable ["), "{ir}");
    for (id, label) in [(1, "inc"), (2, "dbl"), (3, "done")] {
        assert_eq!(ir.matches(&format!("i64 {id}, label %{label}")).count(), 1, "{ir}");
    }
    // One edge per destination now, so one phi entry.
    assert!(ir.contains("%a = phi i32 [ 0, %dispatch ]\n"), "{ir}");
    assert!(ir.contains("%d = phi i32 [ 7, %dispatch ]\n"), "{ir}");
    assert!(ir.contains("goto.unreachable:") && ir.contains("  unreachable\n}"), "{ir}");
}

#[test]
fn computed_goto_lowering_is_idempotent() {
    let ctx = Context::create();
    let m = module(&ctx, INTERPRETER);
    assert!(crate::indirect_goto::lower(m.as_mut_ptr()).unwrap());
    let once = m.print_to_string().to_string();
    assert!(!crate::indirect_goto::lower(m.as_mut_ptr()).unwrap());
    assert_eq!(once, m.print_to_string().to_string());
    m.verify().unwrap();
}

#[test]
fn label_values_without_indirect_branch_and_unlisted_destinations() {
    // A label stored at run time and compared; an indirectbr whose list
    // names a block that is not address-taken (its phi entry goes).
    let ir = lowered_goto(
        r#"
@saved = global ptr null
define i1 @f(i1 %c) {
entry:
  store ptr blockaddress(@f, %here), ptr @saved
  br i1 %c, label %here, label %other
here:
  %v = load ptr, ptr @saved
  %same = icmp eq ptr %v, blockaddress(@f, %here)
  ret i1 %same
other:
  %x = phi i1 [ false, %entry ], [ true, %jump ]
  br label %jump
jump:
  indirectbr ptr %v2, [label %here, label %other]
}
"#
        .replace("%v2", "blockaddress(@f, %here)")
        .as_str(),
    );
    assert!(ir.contains("store ptr inttoptr (i64 1 to ptr), ptr @saved"), "{ir}");
    assert!(ir.contains("icmp eq ptr %v, inttoptr (i64 1 to ptr)"), "{ir}");
    assert!(ir.contains("%x = phi i1 [ false, %entry ]\n"), "{ir}");
    assert!(ir.contains("i64 1, label %here"), "{ir}");
}

#[test]
fn every_parsed_object_has_its_computed_goto_lowered() {
    let ctx = Context::create();
    let bitcode = module(&ctx, INTERPRETER).write_bitcode_to_memory();
    let parsed = crate::link::parse_object(&ctx, bitcode.as_slice(), std::path::Path::new("vm.o")).unwrap();
    let ir = parsed.print_to_string().to_string();
    assert!(!ir.contains("blockaddress") && !ir.contains("indirectbr") && ir.contains("switch i64"), "{ir}");
    // Parsing the result again (as the link does) changes nothing.
    assert!(!crate::indirect_goto::lower(parsed.as_mut_ptr()).unwrap());
}

#[test]
fn every_libm_name_mapped_from_an_intrinsic_is_one_codegen_may_call() {
    // The intrinsic → libm table is hand-written; LLVM's own list of
    // runtime calls (read by build.rs) must contain every name it yields.
    let ctx = Context::create();
    let m = module(
        &ctx,
        "declare double @llvm.ldexp.f64.i32(double, i32)\n\
         declare <2 x float> @llvm.floor.v2f32(<2 x float>)\n\
         declare fp128 @llvm.exp2.f128(fp128)\n\
         declare i64 @llvm.lrint.i64.f64(double)\n",
    );
    let needed = crate::libcalls::needed(m.as_mut_ptr());
    for name in ["ldexp", "floorf", "exp2l", "lrint", "memcpy"] {
        assert!(needed.contains(name), "{name} missing from {needed:?}");
    }
    for name in &needed {
        assert!(crate::libcalls::callable_by_name(name), "`{name}` is in neither of LLVM's tables");
    }
    for name in ["ldexp", "floorf", "exp2l", "lrint", "memcpy"] {
        assert!(crate::libcalls::codegen_may_call(name), "`{name}` is not in LLVM's RuntimeLibcalls");
    }
}

#[test]
fn library_functions_are_recognised_from_llvm_tables() {
    use crate::libcalls::{callable_by_name, codegen_may_call};
    assert!(callable_by_name("puts") && !codegen_may_call("puts"), "puts: only the optimiser introduces it");
    assert!(codegen_may_call("fmod") && codegen_may_call("memset"));
    assert!(!callable_by_name("main") && !callable_by_name("my_helper"));
}

#[test]
fn objects_in_identifier_sections_are_grouped_and_kinds_may_not_mix() {
    let ctx = Context::create();
    let m = module(
        &ctx,
        "@a = global i64 1, section \"registry\", align 8\n\
         @b = global [3 x i64] zeroinitializer, section \"registry\", align 8\n\
         @c = constant i32 2, section \".rodata.table\", align 4\n\
         define void @f() section \"hot\" { ret void }\n",
    );
    crate::sections::assign(m.as_mut_ptr()).unwrap();
    let ir = m.print_to_string().to_string();
    assert!(ir.contains("@a = global i64 1, section \".mig.sec.registry.0\", align 8"), "{ir}");
    // 24 bytes stay 8-aligned: no padding between registry entries.
    assert!(ir.contains("section \".mig.sec.registry.1\", align 8"), "{ir}");
    assert!(ir.contains("@c = constant i32 2, section \".mig.rodata.2\""), "{ir}");
    assert!(ir.contains("section \".mig.sec.hot.0\""), "{ir}");

    let mixed = module(
        &ctx,
        "@x = global i64 1, section \"mixed\"\n\
         @y = constant i64 2, section \"mixed\"\n",
    );
    let err = crate::sections::assign(mixed.as_mut_ptr()).unwrap_err().to_string();
    assert!(err.contains("section `mixed` holds both `x` (writable data) and `y` (read-only data)"), "{err}");
}

/// The runtime's side of the migration contract, as stubs.
const MIGRATION_RUNTIME: &str = r#"
@__migcc_mode = global i32 0
@__migcc_rec_sp = global ptr null
@slot = global ptr null
define void @__migcc_point() { ret void }
define void @__migcc_rewind_mismatch(i32 %a, i32 %b) { unreachable }
define ptr @__migcc_ssp_slot() { ret ptr @slot }
define void @__migcc_setjmp_armed(ptr %frame, ptr %buf, i32 %function, i32 %site, i32 %savemask) { ret void }
define void @__migcc_setjmp_save(ptr %frame, i32 %function, ptr %record) { ret void }
define void @__migcc_setjmp_route(ptr %record) { ret void }
define ptr @__migcc_setjmp_rearm_buf() { ret ptr null }
define i32 @__migcc_setjmp_rearm_savemask() { ret i32 0 }
define void @__migcc_hold(ptr %frame) { ret void }
define void @__migcc_release() { ret void }
"#;

/// The instrumented module's `__migcc_frame_table`, decoded.
fn frame_table_of(m: &Module<'_>) -> crate::frame_table::FrameTable {
    unsafe {
        let global = llvm_sys::core::LLVMGetNamedGlobal(m.as_mut_ptr(), c"__migcc_frame_table".as_ptr());
        assert!(!global.is_null(), "no frame table");
        let mut len = 0usize;
        let bytes = llvm_sys::core::LLVMGetAsString(llvm_sys::core::LLVMGetInitializer(global), &mut len);
        crate::frame_table::FrameTable::decode(std::slice::from_raw_parts(bytes.cast::<u8>(), len)).unwrap()
    }
}

#[test]
fn migration_instrumentation_adds_unwind_and_rewind_paths_that_verify() {
    let ctx = Context::create();
    let m = module(
        &ctx,
        &format!(
            "{MIGRATION_RUNTIME}
define noundef i64 @leaf_loop(i64 noundef %n) {{
entry:
  br label %loop
loop:
  %i = phi i64 [ 0, %entry ], [ %next, %loop ]
  %acc = phi i64 [ 0, %entry ], [ %sum, %loop ]
  %sum = add i64 %acc, %i
  %next = add i64 %i, 1
  %done = icmp eq i64 %next, %n
  br i1 %done, label %exit, label %loop
exit:
  ret i64 %sum
}}
define i64 @caller(i64 %n) {{
  %buf = alloca [4 x i64]
  store i64 %n, ptr %buf
  %r = call noundef i64 @leaf_loop(i64 noundef %n)
  %v = load i64, ptr %buf
  %t = add i64 %r, %v
  ret i64 %t
}}
define i64 @plain(i64 %x) {{
  %y = mul i64 %x, 3
  ret i64 %y
}}"
        ),
    );
    let stats = crate::migrate::instrument(m.as_mut_ptr()).unwrap();
    m.verify().expect("instrumented module verifies");
    assert_eq!(stats.functions, 2, "the loop and its caller; not the leaf without loops");
    assert_eq!(stats.migration_points, 1, "one loop header");
    assert_eq!(stats.call_sites, 2, "the loop's point and the call of the loop");
    let ir = m.print_to_string().to_string();
    let caller = ir.split("define").find(|f| f.contains("@caller(")).unwrap();
    for block in ["migcc.dispatch", "migcc.unwind", "migcc.restore", "migcc.ssp.slot"] {
        assert!(caller.contains(block), "caller lacks {block}:\n{caller}");
    }
    assert!(!caller.contains("alloca [4 x i64]"), "the array moved to the shadow stack:\n{caller}");
    assert!(!ir.contains("call noundef i64 @leaf_loop"), "noundef dropped from unwinding calls");
    let plain = ir.split("define").find(|f| f.contains("@plain(")).unwrap();
    assert!(!plain.contains("migcc."), "a leaf without loops is left alone:\n{plain}");

    // The frame table: each instrumented function with its record size and
    // one entry per call site (no positions: no debug information here).
    let table = frame_table_of(&m);
    let mut names: Vec<&str> = table.functions.iter().map(|f| f.name.as_str()).collect();
    names.sort();
    assert_eq!(names, ["caller", "leaf_loop"]);
    for f in &table.functions {
        assert_eq!(f.sites, [None], "{}: one call site", f.name);
        assert!(f.record_size >= 16 && f.record_size % 16 == 0, "{}: record size {}", f.name, f.record_size);
    }
    let caller = table.functions.iter().find(|f| f.name == "caller").unwrap();
    assert!(caller.record_size > 16, "the caller's record holds its live value %n");
}

#[test]
fn setjmp_calls_are_reported_saved_and_armed_again_on_the_rewind() {
    let ctx = Context::create();
    let m = module(
        &ctx,
        &format!(
            "{MIGRATION_RUNTIME}
declare i32 @sigsetjmp(ptr, i32) returns_twice
define i32 @guarded(i64 %n) {{
entry:
  %buf = alloca [43 x i64]
  %r = call i32 @sigsetjmp(ptr %buf, i32 1)
  br label %loop
loop:
  %i = phi i64 [ 0, %entry ], [ %next, %loop ]
  %next = add i64 %i, 1
  %done = icmp eq i64 %next, %n
  br i1 %done, label %exit, label %loop
exit:
  ret i32 %r
}}"
        ),
    );
    crate::migrate::instrument(m.as_mut_ptr()).unwrap();
    m.verify().expect("instrumented module verifies");
    let ir = m.print_to_string().to_string();
    let guarded = ir.split("define").find(|f| f.contains("@guarded(")).unwrap();
    let at = |needle: &str| guarded.find(needle).unwrap_or_else(|| panic!("no `{needle}` in:\n{guarded}"));
    // Each return reports the frame, the buffer, the ids and the mask flag.
    assert!(at("call i32 @sigsetjmp") < at("call void @__migcc_setjmp_armed(ptr"), "{guarded}");
    assert!(guarded.contains("@llvm.frameaddress"), "with its own frame address:\n{guarded}");
    // Unwinding hands over the record; rewinding asks for the route first
    // and takes the re-armed call's arguments from the runtime.
    for call in [
        "@__migcc_setjmp_save(",
        "@__migcc_setjmp_route(",
        "@__migcc_setjmp_rearm_buf(",
        "@__migcc_setjmp_rearm_savemask(",
    ] {
        at(call);
    }
    // The call's buffer is a phi of the program's and the runtime's.
    let call_line = guarded.lines().find(|l| l.contains("call i32 @sigsetjmp")).unwrap();
    let buffer = call_line.split("(ptr ").nth(1).unwrap().split(',').next().unwrap();
    assert!(
        guarded.lines().any(|l| l.trim_start().starts_with(&format!("{buffer} = phi ptr"))),
        "the buffer {buffer} is not a phi:\n{guarded}"
    );
    // Site ids: the loop's point, then the setjmp call.
    let table = frame_table_of(&m);
    assert_eq!(table.functions[0].sites.len(), 2, "{table:?}");
}

#[test]
fn tight_counted_loops_test_for_migration_once_per_chunk() {
    let ctx = Context::create();
    let m = module(
        &ctx,
        &format!(
            "{MIGRATION_RUNTIME}
define void @scale(ptr %a, i64 %n) {{
entry:
  %empty = icmp eq i64 %n, 0
  br i1 %empty, label %exit, label %loop
loop:
  %i = phi i64 [ 0, %entry ], [ %next, %loop ]
  %p = getelementptr i32, ptr %a, i64 %i
  %v = load i32, ptr %p
  %w = mul i32 %v, 3
  store i32 %w, ptr %p
  %next = add i64 %i, 1
  %done = icmp eq i64 %next, %n
  br i1 %done, label %exit, label %loop
exit:
  ret void
}}
define void @opaque(ptr %a) {{
  ret void
}}
define void @eight(ptr %a) {{
entry:
  br label %loop
loop:
  %i = phi i64 [ 0, %entry ], [ %next, %loop ]
  %p = getelementptr i32, ptr %a, i64 %i
  store i32 0, ptr %p
  %next = add i64 %i, 1
  %done = icmp eq i64 %next, 8
  br i1 %done, label %exit, label %loop
exit:
  ret void
}}
define void @square(ptr %a) {{
entry:
  br label %outer
outer:
  %i = phi i64 [ 0, %entry ], [ %i.next, %outer.latch ]
  br label %inner
inner:
  %j = phi i64 [ 0, %outer ], [ %j.next, %inner ]
  %p = getelementptr i32, ptr %a, i64 %j
  store i32 0, ptr %p
  %j.next = add i64 %j, 1
  %j.done = icmp eq i64 %j.next, 64
  br i1 %j.done, label %outer.latch, label %inner
outer.latch:
  %i.next = add i64 %i, 1
  %i.done = icmp eq i64 %i.next, 64
  br i1 %i.done, label %exit, label %outer
exit:
  ret void
}}
define void @not_counted(ptr %a, i64 %n) {{
entry:
  br label %loop
loop:
  %i = phi i64 [ 0, %entry ], [ %next, %loop ]
  %next = add i64 %i, 2
  %done = icmp eq i64 %next, %n
  br i1 %done, label %exit, label %loop
exit:
  ret void
}}"
        ),
    );
    let stats = crate::migrate::instrument(m.as_mut_ptr()).unwrap();
    m.verify().expect("instrumented module verifies");
    // The chunk loop's header, the step-2 loop's, and the outer of 64 x 64
    // (4096 iterations in all; the inner 64 alone need no test); none for
    // the loop of 8.
    let ir = m.print_to_string().to_string();
    assert_eq!(stats.migration_points, 3);
    for (name, tested) in [("eight", false), ("square", true)] {
        let f = ir.split("define").find(|f| f.contains(&format!("@{name}("))).unwrap();
        assert_eq!(f.contains("migcc.loop.point"), tested, "{name}:\n{f}");
        assert!(!f.contains("migcc.chunk"), "{name} runs from constant to constant:\n{f}");
    }
    let scale = ir.split("define").find(|f| f.contains("@scale(")).unwrap();
    assert!(scale.contains("migcc.chunk:"), "the counted loop is strip-mined:\n{scale}");
    let chunk = crate::migrate::strip_mine::CHUNK;
    assert!(scale.contains(&format!(", {chunk}\n")), "chunks of {chunk} iterations:\n{scale}");
    // The inner loop's block has no test of the mode: it can vectorise.
    let inner = scale.split("\nloop:").nth(1).unwrap().split("\n\n").next().unwrap();
    assert!(!inner.contains("@__migcc_mode"), "the inner loop tests the mode:\n{inner}");
    let not_counted = ir.split("define").find(|f| f.contains("@not_counted(")).unwrap();
    assert!(!not_counted.contains("migcc.chunk"), "a step of 2 is not strip-mined:\n{not_counted}");
}

/// `for (i = 0; i < N; i++) for (j = i + 1; j < N; j++)`, as the
/// optimiser leaves it: j starts from a twin of i that climbs from 1. The
/// inner step's flags are `FLAGS`; the inner loop starts at `START`.
fn triangle(name: &str, n: u64, flags: &str, start: &str) -> String {
    format!(
        "define void @{name}(ptr %a, i64 %k) {{
entry:
  br label %outer
outer:
  %i = phi i64 [ 0, %entry ], [ %i.next, %outer.latch ]
  %s = phi i64 [ 1, %entry ], [ %s.next, %outer.latch ]
  %i.next = add nuw nsw i64 %i, 1
  %some = icmp ult i64 %i, {last}
  br i1 %some, label %inner, label %outer.latch
inner:
  %j = phi i64 [ {start}, %outer ], [ %j.next, %inner ]
  %p = getelementptr i32, ptr %a, i64 %j
  store i32 0, ptr %p
  %j.next = add {flags} i64 %j, 1
  %j.done = icmp eq i64 %j.next, {n}
  br i1 %j.done, label %outer.latch, label %inner
outer.latch:
  %s.next = add nuw nsw i64 %s, 1
  %i.done = icmp eq i64 %i.next, {n}
  br i1 %i.done, label %exit, label %outer
exit:
  ret void
}}
",
        last = n - 1
    )
}

#[test]
fn loops_whose_count_has_a_limit_need_no_test() {
    let ctx = Context::create();
    let m = module(
        &ctx,
        &format!(
            "{MIGRATION_RUNTIME}
{}{}{}{}{}{}
define void @countdown(ptr %a) {{
entry:
  br label %outer
outer:
  %i = phi i64 [ 0, %entry ], [ %i.next, %outer.latch ]
  %t = phi i64 [ 7, %entry ], [ %t.next, %outer.latch ]
  %i.next = add nuw nsw i64 %i, 1
  %some = icmp sgt i64 %t, 0
  br i1 %some, label %inner, label %outer.latch
inner:
  %j = phi i64 [ %t, %outer ], [ %j.next, %inner ]
  %p = getelementptr i32, ptr %a, i64 %j
  store i32 0, ptr %p
  %j.next = add nsw i64 %j, -1
  %j.done = icmp eq i64 %j.next, 0
  br i1 %j.done, label %outer.latch, label %inner
outer.latch:
  %t.next = add nsw i64 %t, -1
  %i.done = icmp eq i64 %i.next, 8
  br i1 %i.done, label %exit, label %outer
exit:
  ret void
}}",
            triangle("small", 8, "nuw nsw", "%s"),
            triangle("large", 64, "nuw nsw", "%s"),
            triangle("wrapping", 8, "", "%s"),
            triangle("from_argument", 8, "nuw nsw", "%k"),
            triangle("signed", 8, "nsw", "%s"),
            // `if (a[j] == 0) break;`
            triangle("early_exit", 8, "nuw nsw", "%s")
                .replace(
                    "  store i32 0, ptr %p\n",
                    "  %v = load i32, ptr %p\n  %found = icmp eq i32 %v, 0\n  br i1 %found, label %outer.latch, label %next\nnext:\n",
                )
                .replace("[ %j.next, %inner ]", "[ %j.next, %next ]"),
        ),
    );
    let stats = crate::migrate::instrument(m.as_mut_ptr()).unwrap();
    m.verify().expect("instrumented module verifies");
    let ir = m.print_to_string().to_string();
    let function = |name: &str| ir.split("define").find(|f| f.contains(&format!("@{name}("))).unwrap().to_string();
    // At most 8 x (1 + 7) iterations in all: nothing tests, nothing is chunked.
    for name in ["small", "countdown", "signed"] {
        let f = function(name);
        assert!(!f.contains("migcc.loop.point") && !f.contains("migcc.chunk"), "{name} is tested:\n{f}");
    }
    // 64 x 63 is over CHUNK: the outer loop tests, the inner one is left whole.
    let large = function("large");
    assert!(large.contains("migcc.loop.point") && !large.contains("migcc.chunk"), "{large}");
    // A step that may wrap, a start with no known floor, or another exit
    // (from a start past the bound, it would leave only there) has no limit.
    for name in ["wrapping", "from_argument", "early_exit"] {
        let f = function(name);
        assert!(f.contains("migcc.chunk:"), "{name} is not strip-mined:\n{f}");
    }
    assert_eq!(stats.migration_points, 4);
}

#[test]
fn library_annotations_become_attributes_and_release_their_functions() {
    let ir = lowered(
        r#"
@lib = private unnamed_addr constant [14 x i8] c"migcc.library\00", section "llvm.metadata"
@rt = private unnamed_addr constant [14 x i8] c"migcc.runtime\00", section "llvm.metadata"
@llvm.global.annotations = appending global [2 x { ptr, ptr, ptr, i32, ptr }] [{ ptr, ptr, ptr, i32, ptr } { ptr @musl, ptr @lib, ptr null, i32 0, ptr null }, { ptr, ptr, ptr, i32, ptr } { ptr @runtime, ptr @rt, ptr null, i32 0, ptr null }], section "llvm.metadata"
define internal void @musl() {
  ret void
}
define internal void @runtime() {
  ret void
}
"#,
        |m| {
            crate::migrate::mark_library(m);
            Ok(())
        },
    );
    let musl = ir.lines().find(|l| l.starts_with("define internal void @musl")).expect("musl");
    let attributes = ir.lines().find(|l| l.starts_with("attributes #")).unwrap_or_default();
    assert!(musl.contains('#') && attributes.contains("\"migcc.library\""), "{ir}");
    // The runtime's annotation stays; the library's entry, which would keep
    // @musl alive, is gone.
    let list = ir.lines().find(|l| l.starts_with("@llvm.global.annotations")).expect("annotations");
    assert!(list.contains("@runtime") && !list.contains("@musl"), "{ir}");
}

#[test]
fn functions_that_hold_requests_tell_the_runtime_and_nothing_only_they_call_is_instrumented() {
    let holds = migcc_sysroot::HOLDS_REQUESTS_ANNOTATION;
    let len = holds.len() + 1;
    let ctx = Context::create();
    let m = module(
        &ctx,
        &format!(
            r#"{MIGRATION_RUNTIME}
@holds = private unnamed_addr constant [{len} x i8] c"{holds}\00", section "llvm.metadata"
@llvm.global.annotations = appending global [2 x {{ ptr, ptr, ptr, i32, ptr }}] [{{ ptr, ptr, ptr, i32, ptr }} {{ ptr @formatting, ptr @holds, ptr null, i32 0, ptr null }}, {{ ptr, ptr, ptr, i32, ptr }} {{ ptr @quiet, ptr @holds, ptr null, i32 0, ptr null }}], section "llvm.metadata"
define void @loop(i64 %n) {{
entry:
  br label %loop
loop:
  %i = phi i64 [ 0, %entry ], [ %next, %loop ]
  %next = add i64 %i, 1
  %done = icmp eq i64 %next, %n
  br i1 %done, label %exit, label %loop
exit:
  ret void
}}
define internal void @helper(i64 %n) {{
  call void @loop(i64 %n)
  ret void
}}
define void @formatting(i64 %n) {{
  call void @helper(i64 %n)
  %r = tail call i64 @quiet(i64 %n)
  ret void
}}
define i64 @quiet(i64 %n) {{
  %m = mul i64 %n, 3
  ret i64 %m
}}
define void @user(i64 %n) {{
  call void @formatting(i64 %n)
  call void @loop(i64 %n)
  ret void
}}"#
        ),
    );
    crate::migrate::mark_library(m.as_mut_ptr());
    let stats = crate::migrate::instrument(m.as_mut_ptr()).unwrap();
    m.verify().expect("instrumented module verifies");
    assert_eq!(stats.functions, 3, "the loop, what holds requests (its entry), and their caller");
    let table = frame_table_of(&m);
    let sites = |name: &str| table.functions.iter().find(|f| f.name == name).map(|f| f.sites.len());
    assert_eq!(sites("formatting"), Some(1), "its entry point, and none of its calls");
    assert_eq!(sites("user"), Some(2), "the calls of the loop and of what holds requests");
    assert_eq!((sites("helper"), sites("quiet")), (None, None));
    let ir = m.print_to_string().to_string();
    let body = |name: &str| {
        let signature = format!("@{name}(");
        ir.split("define").find(|f| f.lines().next().is_some_and(|l| l.contains(&signature))).unwrap().to_string()
    };
    let formatting = body("formatting");
    assert!(formatting.contains("call void @__migcc_hold("), "holds past its entry:\n{formatting}");
    assert!(formatting.contains("call void @__migcc_release()"), "releases before returning:\n{formatting}");
    for name in ["helper", "quiet"] {
        assert!(!body(name).contains("migcc."), "{name} is left alone:\n{ir}");
    }
}
