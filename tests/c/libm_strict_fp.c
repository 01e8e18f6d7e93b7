// libm_intrinsics.c under strict floating point (-frounding-math, as musl itself is built): the builtins become constrained intrinsics (llvm.experimental.constrained.floor, .frem, ...), which codegen lowers to the same libm calls; each must be linked.
// cflags: -frounding-math -fno-math-errno
// link: -lm
// opt: -O0 -O2 -Os
#include "libm_intrinsics.c"
