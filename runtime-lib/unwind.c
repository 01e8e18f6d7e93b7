/* The Itanium unwinding interface (_Unwind_*) that Rust's std links
 * against (`-lunwind`), without an unwinder. A native unwinder reads each
 * ISA's own call frame information; a program that migrates has no single
 * native stack to walk. migcc builds Rust with panic=abort, so nothing is
 * ever unwound, and:
 *  - _Unwind_Backtrace walks no frame: backtraces (RUST_BACKTRACE=1) are
 *    empty, on every ISA alike;
 *  - _Unwind_RaiseException finds no handler, as the ABI reports it, and
 *    its caller aborts;
 *  - the accessors of an unwind context can never be called, because no
 *    context exists; they abort if they are. */
#include <stdint.h>
#include <stdlib.h>

typedef enum {
	URC_NO_REASON = 0,
	URC_END_OF_STACK = 5,
} unwind_reason;

struct _Unwind_Exception {
	uint64_t exception_class;
	void (*exception_cleanup)(unwind_reason, struct _Unwind_Exception *);
	uintptr_t private_[2];
};

struct _Unwind_Context;
typedef unwind_reason (*unwind_trace_fn)(struct _Unwind_Context *, void *);

unwind_reason _Unwind_Backtrace(unwind_trace_fn trace, void *arg)
{
	(void)trace;
	(void)arg;
	return URC_END_OF_STACK;
}

unwind_reason _Unwind_RaiseException(struct _Unwind_Exception *exception)
{
	(void)exception;
	return URC_END_OF_STACK;
}

/* Called by whoever caught an exception; nobody can, but the ABI's
 * contract is simple enough to keep. */
void _Unwind_DeleteException(struct _Unwind_Exception *exception)
{
	if (exception->exception_cleanup)
		exception->exception_cleanup(URC_NO_REASON, exception);
}

void *_Unwind_FindEnclosingFunction(void *pc)
{
	(void)pc;
	return 0;
}

#define NO_CONTEXT(type, name, ...)         \
	type name(struct _Unwind_Context *context, ##__VA_ARGS__) \
	{                                   \
		(void)context;              \
		abort();                    \
	}

NO_CONTEXT(uintptr_t, _Unwind_GetIP)
NO_CONTEXT(uintptr_t, _Unwind_GetCFA)
NO_CONTEXT(uintptr_t, _Unwind_GetRegionStart)
NO_CONTEXT(uintptr_t, _Unwind_GetTextRelBase)
NO_CONTEXT(uintptr_t, _Unwind_GetDataRelBase)
NO_CONTEXT(void *, _Unwind_GetLanguageSpecificData)
NO_CONTEXT(uintptr_t, _Unwind_GetIPInfo, int *ip_before_insn)
NO_CONTEXT(void, _Unwind_SetIP, uintptr_t ip)
NO_CONTEXT(void, _Unwind_SetGR, int index, uintptr_t value)
