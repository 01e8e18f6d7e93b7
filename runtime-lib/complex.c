/* Complex multiplication and division helpers that the frontend calls for
 * `_Complex` arithmetic (__muldc3 and friends). libgcc and compiler-rt
 * provide them natively, with each ISA's own calling convention for complex
 * values; migcc needs them as portable IR, in the virtual ISA's convention.
 * The algorithms are those of C11 Annex G.5.1: the textbook formulas, then
 * recovery of infinities that the formulas turn into NaN. */
#include <math.h>

/* Annex G's recovery steps: an infinite part becomes ±1 ("boxed"), a NaN
 * part becomes a signed zero. */
#define BOX(S, x) ((x) = copysign##S(isinf(x) ? 1 : 0, (x)))
#define NAN_TO_ZERO(S, x) ((x) = isnan(x) ? copysign##S(0, (x)) : (x))

#define MUL(name, T, S)                                                           \
	T _Complex name(T a, T b, T c, T d)                                       \
	{                                                                         \
		T ac = a * c, bd = b * d, ad = a * d, bc = b * c;                 \
		T x = ac - bd, y = ad + bc;                                       \
		if (isnan(x) && isnan(y)) {                                       \
			int recalc = 0;                                           \
			if (isinf(a) || isinf(b)) {                               \
				BOX(S, a);                                        \
				BOX(S, b);                                        \
				NAN_TO_ZERO(S, c);                                \
				NAN_TO_ZERO(S, d);                                \
				recalc = 1;                                       \
			}                                                         \
			if (isinf(c) || isinf(d)) {                               \
				BOX(S, c);                                        \
				BOX(S, d);                                        \
				NAN_TO_ZERO(S, a);                                \
				NAN_TO_ZERO(S, b);                                \
				recalc = 1;                                       \
			}                                                         \
			if (!recalc && (isinf(ac) || isinf(bd) || isinf(ad) || isinf(bc))) { \
				NAN_TO_ZERO(S, a);                                \
				NAN_TO_ZERO(S, b);                                \
				NAN_TO_ZERO(S, c);                                \
				NAN_TO_ZERO(S, d);                                \
				recalc = 1;                                       \
			}                                                         \
			if (recalc) {                                             \
				x = INFINITY * (a * c - b * d);                   \
				y = INFINITY * (a * d + b * c);                   \
			}                                                         \
		}                                                                 \
		T _Complex z;                                                     \
		__real__ z = x;                                                   \
		__imag__ z = y;                                                   \
		return z;                                                         \
	}

#define DIV(name, T, S)                                                           \
	T _Complex name(T a, T b, T c, T d)                                       \
	{                                                                         \
		int ilogbw = 0;                                                   \
		T logbw = logb##S(fmax##S(fabs##S(c), fabs##S(d)));               \
		if (isfinite(logbw)) {                                            \
			ilogbw = (int)logbw;                                      \
			c = scalbn##S(c, -ilogbw);                                \
			d = scalbn##S(d, -ilogbw);                                \
		}                                                                 \
		T denom = c * c + d * d;                                          \
		T x = scalbn##S((a * c + b * d) / denom, -ilogbw);                \
		T y = scalbn##S((b * c - a * d) / denom, -ilogbw);                \
		if (isnan(x) && isnan(y)) {                                       \
			if (denom == 0 && (!isnan(a) || !isnan(b))) {             \
				x = copysign##S(INFINITY, c) * a;                 \
				y = copysign##S(INFINITY, c) * b;                 \
			} else if ((isinf(a) || isinf(b)) && isfinite(c) && isfinite(d)) { \
				BOX(S, a);                                        \
				BOX(S, b);                                        \
				x = INFINITY * (a * c + b * d);                   \
				y = INFINITY * (b * c - a * d);                   \
			} else if (isinf(logbw) && logbw > 0 && isfinite(a) && isfinite(b)) { \
				BOX(S, c);                                        \
				BOX(S, d);                                        \
				x = 0 * (a * c + b * d);                          \
				y = 0 * (b * c - a * d);                          \
			}                                                         \
		}                                                                 \
		T _Complex z;                                                     \
		__real__ z = x;                                                   \
		__imag__ z = y;                                                   \
		return z;                                                         \
	}

MUL(__mulsc3, float, f)
MUL(__muldc3, double, )
MUL(__multc3, long double, l)
DIV(__divsc3, float, f)
DIV(__divdc3, double, )
DIV(__divtc3, long double, l)
