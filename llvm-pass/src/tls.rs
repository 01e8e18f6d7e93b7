//! Lowers thread-local variables to one layout shared by every ISA.
//!
//! Native TLS models differ per ISA (x86_64 places the block below the
//! thread pointer, aarch64 above it with a 16-byte gap, riscv64 right above
//! it). migcc does not use any of them: every thread-local becomes a field of
//! one template, `__migcc_tls_image`, a plain constant that the aligning
//! linker places at the same address in every build; an access becomes
//! `thread pointer - rounded template size + field offset` (musl's "variant
//! II" layout, which sysroot/musl/arch/pthread_arch.h selects for the virtual
//! arch). musl learns the template from `__migcc_tls` (see
//! sysroot/musl/patches/0001-tls-template-from-migcc.patch) and copies it
//! for every thread.

use llvm_sys::core::*;
use llvm_sys::prelude::*;
use llvm_sys::LLVMLinkage;

use crate::ir::{self, Builder};
use crate::Error;

pub(crate) const GET_TP: &str = "__migcc_get_tp";
const IMAGE: &str = "__migcc_tls_image";
const DESCRIPTOR: &str = "__migcc_tls";

struct Field {
    global: LLVMValueRef,
    offset: u64,
}

pub(crate) fn lower(m: LLVMModuleRef) -> Result<(), Error> {
    let td = ir::target_data(m);
    let ctx = ir::context_of(m);
    let mut fields = Vec::new();
    let (mut end, mut align) = (0u64, 1u64);
    for g in ir::globals(m) {
        if unsafe { LLVMIsThreadLocal(g) } == 0 {
            continue;
        }
        if ir::is_declaration(g) {
            return Err(Error::Undefined { symbol: ir::name(g), referenced_from: None });
        }
        let ty = unsafe { LLVMGlobalGetValueType(g) };
        let a = (unsafe { LLVMGetAlignment(g) } as u64).max(ir::abi_align(td, ty)).max(1);
        let offset = end.div_ceil(a) * a;
        end = offset + ir::abi_size(td, ty);
        align = align.max(a);
        fields.push(Field { global: g, offset });
    }
    let existing = unsafe { LLVMGetNamedGlobal(m, ir::cstring(DESCRIPTOR).as_ptr()) };
    if !existing.is_null() && !ir::is_declaration(existing) {
        // Already lowered; thread-locals linked in afterwards would need a
        // new layout, which the program's code already depends on.
        return match fields.first() {
            None => Ok(()),
            Some(field) => Err(Error::Link {
                what: ir::name(field.global),
                detail: "a thread-local variable was linked in after thread-locals were laid out".into(),
            }),
        };
    }
    let size = end;
    let rounded = size.div_ceil(align) * align;

    unsafe {
        let i8_ty = LLVMInt8TypeInContext(ctx);
        let i64_ty = LLVMInt64TypeInContext(ctx);
        let ptr_ty = LLVMPointerTypeInContext(ctx, 0);

        // The template: every initializer at its offset, padding in between.
        let mut values = Vec::new();
        let mut at = 0;
        for field in &fields {
            if field.offset > at {
                values.push(LLVMConstNull(LLVMArrayType2(i8_ty, field.offset - at)));
            }
            let ty = LLVMGlobalGetValueType(field.global);
            values.push(LLVMGetInitializer(field.global));
            at = field.offset + ir::abi_size(td, ty);
        }
        let template = LLVMConstStructInContext(ctx, values.as_mut_ptr(), values.len() as u32, 1);
        let image = LLVMAddGlobal(m, LLVMTypeOf(template), ir::cstring(IMAGE).as_ptr());
        LLVMSetInitializer(image, template);
        LLVMSetGlobalConstant(image, 1);
        LLVMSetLinkage(image, LLVMLinkage::LLVMInternalLinkage);
        LLVMSetAlignment(image, align as u32);

        let mut desc_fields =
            [image, LLVMConstInt(i64_ty, size, 0), LLVMConstInt(i64_ty, size, 0), LLVMConstInt(i64_ty, align, 0)];
        let desc_init = LLVMConstStructInContext(ctx, desc_fields.as_mut_ptr(), 4, 0);
        let desc = LLVMAddGlobal(m, LLVMTypeOf(desc_init), ir::cstring(DESCRIPTOR).as_ptr());
        let old = LLVMGetNamedGlobal(m, ir::cstring(DESCRIPTOR).as_ptr());
        if old != desc && !old.is_null() {
            // musl's declaration: redirect it to the definition.
            ir::set_name(old, "");
            ir::replace_all_uses(old, desc);
            LLVMDeleteGlobal(old);
            ir::set_name(desc, DESCRIPTOR);
        }
        LLVMSetInitializer(desc, desc_init);
        LLVMSetGlobalConstant(desc, 1);
        LLVMSetAlignment(desc, 8);

        let get_tp = get_tp_function(m, i64_ty);
        for field in &fields {
            let delta = field.offset as i64 - rounded as i64;
            expand_constant_uses(field.global);
            for user in ir::users(field.global) {
                if is_dead_constant(user) {
                    continue;
                }
                if LLVMIsAInstruction(user).is_null() || !LLVMIsAPHINode(user).is_null() {
                    return Err(Error::NotPortable {
                        file: ir::source_file_name(m),
                        function: ir::name(field.global),
                        what: "a thread-local variable in a constant expression".into(),
                        hint: "take the address of the thread-local at run time instead",
                    });
                }
                let b = Builder::before(user);
                let tp_int = LLVMBuildCall2(
                    b.0,
                    LLVMGlobalGetValueType(get_tp),
                    get_tp,
                    std::ptr::null_mut(),
                    0,
                    c"tp".as_ptr(),
                );
                let tp = LLVMBuildIntToPtr(b.0, tp_int, ptr_ty, ir::EMPTY.as_ptr());
                let mut idx = [LLVMConstInt(i64_ty, delta as u64, 1)];
                let addr = LLVMBuildInBoundsGEP2(b.0, i8_ty, tp, idx.as_mut_ptr(), 1, c"tls".as_ptr());
                let is_address_intrinsic = ir::is_call(user)
                    && ir::intrinsic_name(user).is_some_and(|n| n.starts_with("llvm.threadlocal.address"));
                if is_address_intrinsic {
                    ir::replace_all_uses(user, addr);
                    ir::erase(user);
                } else {
                    for i in 0..LLVMGetNumOperands(user) as u32 {
                        if ir::operand(user, i) == field.global {
                            LLVMSetOperand(user, i, addr);
                        }
                    }
                }
            }
        }
        for field in fields {
            // Expressions left without users by expand_constant_uses still
            // name the global.
            ir::replace_all_uses(field.global, LLVMGetPoison(ir::type_of(field.global)));
            LLVMDeleteGlobal(field.global);
        }
    }
    Ok(())
}

/// `unsigned long __migcc_get_tp(void)`, declared if nothing declared it yet.
pub(crate) fn get_tp_function(m: LLVMModuleRef, i64_ty: LLVMTypeRef) -> LLVMValueRef {
    unsafe {
        let existing = LLVMGetNamedFunction(m, ir::cstring(GET_TP).as_ptr());
        if !existing.is_null() {
            return existing;
        }
        let ty = LLVMFunctionType(i64_ty, std::ptr::null_mut(), 0, 0);
        LLVMAddFunction(m, ir::cstring(GET_TP).as_ptr(), ty)
    }
}

/// Turns each constant expression over `global` that an instruction uses
/// (`load (getelementptr (@tls, 0, 2))`, which rustc emits) into
/// instructions in front of that use, so that every remaining user of a
/// thread-local is an instruction that can compute its address at run time.
/// Expressions this cannot rebuild stay, and are refused by the caller.
fn expand_constant_uses(global: LLVMValueRef) {
    // One round rebuilds the outermost expressions; those inside them are
    // used by the new instructions in the next.
    while expand_outermost(global) {}
}

fn expand_outermost(global: LLVMValueRef) -> bool {
    let mut changed = false;
    let mut work: Vec<LLVMValueRef> = ir::users(global);
    while let Some(user) = work.pop() {
        if unsafe { LLVMIsAConstantExpr(user) }.is_null() || !rebuildable(user) {
            continue;
        }
        for inst in ir::users(user) {
            if unsafe { LLVMIsAInstruction(inst) }.is_null() {
                work.push(inst);
                continue;
            }
            for i in 0..unsafe { LLVMGetNumOperands(inst) } as u32 {
                if ir::operand(inst, i) != user {
                    continue;
                }
                let at = match unsafe { LLVMIsAPHINode(inst) }.is_null() {
                    true => inst,
                    false => unsafe { LLVMGetBasicBlockTerminator(LLVMGetIncomingBlock(inst, i)) },
                };
                let rebuilt = rebuild(user, &Builder::before(at));
                unsafe { LLVMSetOperand(inst, i, rebuilt) };
                changed = true;
            }
        }
    }
    changed
}

/// A constant expression that no instruction uses, even through others.
fn is_dead_constant(v: LLVMValueRef) -> bool {
    !unsafe { LLVMIsAConstantExpr(v) }.is_null() && ir::users(v).into_iter().all(is_dead_constant)
}

fn rebuildable(expr: LLVMValueRef) -> bool {
    use llvm_sys::LLVMOpcode::*;
    matches!(
        unsafe { LLVMGetConstOpcode(expr) },
        LLVMGetElementPtr
            | LLVMPtrToInt
            | LLVMIntToPtr
            | LLVMBitCast
            | LLVMAddrSpaceCast
            | LLVMTrunc
            | LLVMAdd
            | LLVMSub
            | LLVMXor
    )
}

/// The instruction form of one constant expression (operands that are
/// themselves expressions stay constants until the next round). The builder
/// would fold constant operands straight back into an expression, so the
/// instruction is built on a placeholder first operand that is replaced.
fn rebuild(expr: LLVMValueRef, b: &Builder) -> LLVMValueRef {
    use llvm_sys::LLVMOpcode::*;
    let opcode = unsafe { LLVMGetConstOpcode(expr) };
    let mut operands = ir::operands(expr);
    let first = operands[0];
    let placeholder = unsafe { LLVMBuildFreeze(b.0, first, ir::EMPTY.as_ptr()) };
    operands[0] = placeholder;
    let inst = unsafe {
        match opcode {
            LLVMGetElementPtr => LLVMBuildGEPWithNoWrapFlags(
                b.0,
                LLVMGetGEPSourceElementType(expr),
                operands[0],
                operands[1..].as_mut_ptr(),
                operands.len() as u32 - 1,
                ir::EMPTY.as_ptr(),
                LLVMGEPGetNoWrapFlags(expr),
            ),
            LLVMAdd | LLVMSub | LLVMXor => LLVMBuildBinOp(b.0, opcode, operands[0], operands[1], ir::EMPTY.as_ptr()),
            _ => LLVMBuildCast(b.0, opcode, operands[0], LLVMTypeOf(expr), ir::EMPTY.as_ptr()),
        }
    };
    unsafe { LLVMSetOperand(inst, 0, first) };
    ir::erase(placeholder);
    inst
}
