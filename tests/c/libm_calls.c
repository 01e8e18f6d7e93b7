// libm_intrinsics.c with math-errno on (the default): the calls stay library calls, which the optimiser rewrites into other library calls (exp2(n) → ldexp(1, n)).
// link: -lm
// opt: -O0 -O1 -O2 -O3 -Os -Oz
#include "libm_intrinsics.c"
