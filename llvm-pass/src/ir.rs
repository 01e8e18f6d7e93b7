//! Small safe-ish helpers over the LLVM C API for the IR rewriting that
//! inkwell does not cover (call sites of any function type, moving blocks,
//! fast-math flags). Every function takes raw refs that belong to a live
//! module; callers keep that module alive.

use std::ffi::{CStr, CString};

use llvm_sys::core::*;
use llvm_sys::prelude::*;
use llvm_sys::target::*;
use llvm_sys::LLVMOpcode;

pub(crate) fn name(v: LLVMValueRef) -> String {
    let mut len = 0;
    unsafe {
        let ptr = LLVMGetValueName2(v, &mut len);
        if ptr.is_null() {
            return String::new();
        }
        String::from_utf8_lossy(std::slice::from_raw_parts(ptr as *const u8, len)).into_owned()
    }
}

pub(crate) fn set_name(v: LLVMValueRef, name: &str) {
    unsafe { LLVMSetValueName2(v, name.as_ptr() as *const _, name.len()) }
}

pub(crate) fn cstring(s: &str) -> CString {
    CString::new(s).expect("no interior NUL in IR names")
}

/// Iterates a linked list given its first element and a `next` function.
fn chain<T: Copy + PartialEq>(first: T, null: T, next: unsafe extern "C" fn(T) -> T) -> impl Iterator<Item = T> {
    let mut cur = first;
    std::iter::from_fn(move || {
        if cur == null {
            return None;
        }
        let item = cur;
        cur = unsafe { next(cur) };
        Some(item)
    })
}

pub(crate) fn functions(m: LLVMModuleRef) -> Vec<LLVMValueRef> {
    chain(unsafe { LLVMGetFirstFunction(m) }, std::ptr::null_mut(), LLVMGetNextFunction).collect()
}

pub(crate) fn globals(m: LLVMModuleRef) -> Vec<LLVMValueRef> {
    chain(unsafe { LLVMGetFirstGlobal(m) }, std::ptr::null_mut(), LLVMGetNextGlobal).collect()
}

pub(crate) fn aliases(m: LLVMModuleRef) -> Vec<LLVMValueRef> {
    chain(unsafe { LLVMGetFirstGlobalAlias(m) }, std::ptr::null_mut(), LLVMGetNextGlobalAlias).collect()
}

pub(crate) fn blocks(f: LLVMValueRef) -> Vec<LLVMBasicBlockRef> {
    chain(unsafe { LLVMGetFirstBasicBlock(f) }, std::ptr::null_mut(), LLVMGetNextBasicBlock).collect()
}

pub(crate) fn instructions(bb: LLVMBasicBlockRef) -> Vec<LLVMValueRef> {
    chain(unsafe { LLVMGetFirstInstruction(bb) }, std::ptr::null_mut(), LLVMGetNextInstruction).collect()
}

pub(crate) fn function_instructions(f: LLVMValueRef) -> Vec<LLVMValueRef> {
    blocks(f).into_iter().flat_map(instructions).collect()
}

/// Users of a value (each user once per use).
pub(crate) fn users(v: LLVMValueRef) -> Vec<LLVMValueRef> {
    chain(unsafe { LLVMGetFirstUse(v) }, std::ptr::null_mut(), LLVMGetNextUse)
        .map(|u| unsafe { LLVMGetUser(u) })
        .collect()
}

pub(crate) fn is_declaration(g: LLVMValueRef) -> bool {
    unsafe { LLVMIsDeclaration(g) != 0 }
}

pub(crate) fn is_call(inst: LLVMValueRef) -> bool {
    unsafe { !LLVMIsACallInst(inst).is_null() }
}

pub(crate) fn opcode(inst: LLVMValueRef) -> LLVMOpcode {
    unsafe { LLVMGetInstructionOpcode(inst) }
}

/// The called operand of a call (a function, inline asm, or a pointer).
pub(crate) fn callee(call: LLVMValueRef) -> LLVMValueRef {
    unsafe { LLVMGetCalledValue(call) }
}

/// The function a call statically targets, if it is a direct call.
pub(crate) fn called_function(call: LLVMValueRef) -> Option<LLVMValueRef> {
    let c = callee(call);
    (!unsafe { LLVMIsAFunction(c) }.is_null()).then_some(c)
}

pub(crate) fn intrinsic_name(call: LLVMValueRef) -> Option<String> {
    called_function(call).map(name).filter(|n| n.starts_with("llvm."))
}

pub(crate) fn arg_count(call: LLVMValueRef) -> u32 {
    unsafe { LLVMGetNumArgOperands(call) }
}

pub(crate) fn operand(v: LLVMValueRef, i: u32) -> LLVMValueRef {
    unsafe { LLVMGetOperand(v, i) }
}

/// Every operand of an instruction or constant, in order.
pub(crate) fn operands(v: LLVMValueRef) -> Vec<LLVMValueRef> {
    (0..unsafe { LLVMGetNumOperands(v) } as u32).map(|i| operand(v, i)).collect()
}

/// An inline-asm value's assembly text and constraint string.
pub(crate) fn inline_asm_text(asm: LLVMValueRef) -> (String, String) {
    let text = |get: unsafe extern "C" fn(LLVMValueRef, *mut usize) -> *const std::ffi::c_char| unsafe {
        let mut len = 0;
        let ptr = get(asm, &mut len);
        String::from_utf8_lossy(std::slice::from_raw_parts(ptr as *const u8, len)).into_owned()
    };
    (text(LLVMGetInlineAsmAsmString), text(LLVMGetInlineAsmConstraintString))
}

pub(crate) fn type_of(v: LLVMValueRef) -> LLVMTypeRef {
    unsafe { LLVMTypeOf(v) }
}

pub(crate) fn parent_function(inst: LLVMValueRef) -> LLVMValueRef {
    unsafe { LLVMGetBasicBlockParent(LLVMGetInstructionParent(inst)) }
}

pub(crate) fn erase(inst: LLVMValueRef) {
    unsafe { LLVMInstructionEraseFromParent(inst) }
}

pub(crate) fn replace_all_uses(old: LLVMValueRef, new: LLVMValueRef) {
    unsafe { LLVMReplaceAllUsesWith(old, new) }
}

/// The module's data layout, for type sizes and alignments.
pub(crate) fn target_data(m: LLVMModuleRef) -> LLVMTargetDataRef {
    unsafe { LLVMGetModuleDataLayout(m) }
}

pub(crate) fn abi_size(td: LLVMTargetDataRef, ty: LLVMTypeRef) -> u64 {
    unsafe { LLVMABISizeOfType(td, ty) }
}

pub(crate) fn abi_align(td: LLVMTargetDataRef, ty: LLVMTypeRef) -> u64 {
    unsafe { LLVMABIAlignmentOfType(td, ty) as u64 }
}

pub(crate) fn context_of(m: LLVMModuleRef) -> LLVMContextRef {
    unsafe { LLVMGetModuleContext(m) }
}

pub(crate) fn source_file_name(m: LLVMModuleRef) -> String {
    let mut len = 0;
    unsafe {
        let ptr = LLVMGetSourceFileName(m, &mut len);
        String::from_utf8_lossy(std::slice::from_raw_parts(ptr as *const u8, len)).into_owned()
    }
}

pub(crate) fn remove_string_attribute(f: LLVMValueRef, key: &str) {
    unsafe {
        LLVMRemoveStringAttributeAtIndex(
            f,
            llvm_sys::LLVMAttributeFunctionIndex,
            key.as_ptr() as *const _,
            key.len() as u32,
        )
    }
}

pub(crate) fn has_string_attribute(f: LLVMValueRef, key: &str) -> bool {
    unsafe {
        !LLVMGetStringAttributeAtIndex(
            f,
            llvm_sys::LLVMAttributeFunctionIndex,
            key.as_ptr() as *const _,
            key.len() as u32,
        )
        .is_null()
    }
}

pub(crate) fn add_string_attribute(f: LLVMValueRef, key: &str) {
    unsafe {
        let attr = LLVMCreateStringAttribute(
            LLVMGetTypeContext(LLVMTypeOf(f)),
            key.as_ptr() as *const _,
            key.len() as u32,
            EMPTY.as_ptr(),
            0,
        );
        LLVMAddAttributeAtIndex(f, llvm_sys::LLVMAttributeFunctionIndex, attr)
    }
}

pub(crate) fn enum_attribute_kind(name: &str) -> u32 {
    let kind = unsafe { LLVMGetEnumAttributeKindForName(name.as_ptr() as *const _, name.len()) };
    // 0 is no attribute: a name this LLVM release renamed or dropped.
    assert_ne!(kind, 0, "LLVM has no attribute `{name}`");
    kind
}

/// The declaration of an overloaded intrinsic and its function type.
pub(crate) fn intrinsic(m: LLVMModuleRef, name: &str, overloads: &[LLVMTypeRef]) -> (LLVMValueRef, LLVMTypeRef) {
    unsafe {
        let id = LLVMLookupIntrinsicID(name.as_ptr() as *const _, name.len());
        assert_ne!(id, 0, "unknown intrinsic {name}");
        let mut tys = overloads.to_vec();
        let f = LLVMGetIntrinsicDeclaration(m, id, tys.as_mut_ptr(), tys.len());
        (f, LLVMIntrinsicGetType(context_of(m), id, tys.as_mut_ptr(), tys.len()))
    }
}

pub(crate) fn terminator(bb: LLVMBasicBlockRef) -> LLVMValueRef {
    unsafe { LLVMGetBasicBlockTerminator(bb) }
}

/// Moves `inst` and everything after it in its block into a new block
/// placed right after it, and ends the old block with a branch there.
/// Phis in the moved terminator's successors are renamed to the new block.
pub(crate) fn split_before(inst: LLVMValueRef, name: &str) -> LLVMBasicBlockRef {
    unsafe {
        let bb = LLVMGetInstructionParent(inst);
        let ctx = LLVMGetTypeContext(LLVMTypeOf(inst));
        let after = LLVMGetNextBasicBlock(bb);
        let new = if after.is_null() {
            LLVMAppendBasicBlockInContext(ctx, LLVMGetBasicBlockParent(bb), cstring(name).as_ptr())
        } else {
            LLVMInsertBasicBlockInContext(ctx, after, cstring(name).as_ptr())
        };
        let moved: Vec<LLVMValueRef> = chain(inst, std::ptr::null_mut(), LLVMGetNextInstruction).collect();
        let b = LLVMCreateBuilderInContext(ctx);
        LLVMPositionBuilderAtEnd(b, new);
        for &i in &moved {
            LLVMInstructionRemoveFromParent(i);
            LLVMInsertIntoBuilder(b, i);
        }
        for succ in (0..LLVMGetNumSuccessors(terminator(new))).map(|i| LLVMGetSuccessor(terminator(new), i)) {
            rename_incoming(succ, bb, new);
        }
        LLVMPositionBuilderAtEnd(b, bb);
        LLVMBuildBr(b, new);
        LLVMDisposeBuilder(b);
        new
    }
}

/// Adds `value` coming from `from` to `phi`.
pub(crate) fn add_incoming(phi: LLVMValueRef, value: LLVMValueRef, from: LLVMBasicBlockRef) {
    let (mut v, mut b) = ([value], [from]);
    unsafe { LLVMAddIncoming(phi, v.as_mut_ptr(), b.as_mut_ptr(), 1) };
}

/// Phis of `bb` take the values they took from `from` from `to` instead.
/// (The C API cannot change a phi's incoming block: each phi is rebuilt.)
pub(crate) fn rename_incoming(bb: LLVMBasicBlockRef, from: LLVMBasicBlockRef, to: LLVMBasicBlockRef) {
    for phi in instructions(bb).into_iter().take_while(|&i| opcode(i) == LLVMOpcode::LLVMPHI) {
        unsafe {
            let n = LLVMCountIncoming(phi);
            if !(0..n).any(|i| LLVMGetIncomingBlock(phi, i) == from) {
                continue;
            }
            let mut values: Vec<LLVMValueRef> = (0..n).map(|i| LLVMGetIncomingValue(phi, i)).collect();
            let mut blocks: Vec<LLVMBasicBlockRef> =
                (0..n).map(|i| LLVMGetIncomingBlock(phi, i)).map(|b| if b == from { to } else { b }).collect();
            let b = Builder::before(phi);
            let new = LLVMBuildPhi(b.0, LLVMTypeOf(phi), EMPTY.as_ptr());
            LLVMAddIncoming(new, values.as_mut_ptr(), blocks.as_mut_ptr(), n);
            let name = name(phi);
            replace_all_uses(phi, new);
            erase(phi);
            set_name(new, &name);
        }
    }
}

/// A builder positioned before `inst`; disposed on drop.
pub(crate) struct Builder(pub LLVMBuilderRef);

impl Builder {
    pub fn at_end(bb: LLVMBasicBlockRef) -> Builder {
        unsafe {
            let ctx = LLVMGetTypeContext(LLVMTypeOf(LLVMBasicBlockAsValue(bb)));
            let b = LLVMCreateBuilderInContext(ctx);
            LLVMPositionBuilderAtEnd(b, bb);
            Builder(b)
        }
    }

    pub fn before(inst: LLVMValueRef) -> Builder {
        unsafe {
            let b = LLVMCreateBuilderInContext(LLVMGetTypeContext(LLVMTypeOf(inst)));
            LLVMPositionBuilderBefore(b, inst);
            Builder(b)
        }
    }
}

impl Drop for Builder {
    fn drop(&mut self) {
        unsafe { LLVMDisposeBuilder(self.0) }
    }
}

pub(crate) const EMPTY: &CStr = c"";
