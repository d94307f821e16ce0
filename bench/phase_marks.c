/* Marks for `bench/growth.py --instructions`: each phase of a check runs inside one of these
 * functions, so that callgrind's inclusive cost of `causal_phase_NN` is the instructions the
 * phase executed, the interpreter's and every C library's included. Built by growth.py into
 * bench/out/; bench-only, never part of the package.
 *
 * Python calls `causal_phase(index, body)`, never a mark itself: callgrind does not see libffi's
 * call into a foreign function as a call (libffi first moves the stack pointer to a frame of its
 * own), so a mark called straight from ctypes has its cost counted in libffi's. Called from C, it
 * is a function of its own.
 * Every call is followed by an empty asm statement so that the compiler cannot turn it into a
 * jump (a tail call), which callgrind would not see as a call either. */

#if defined(__has_include)
#if __has_include(<valgrind/callgrind.h>)
#include <valgrind/callgrind.h>
#define HAVE_CALLGRIND_H 1
#endif
#endif

typedef void (*phase_body)(void);

#define MARK(n)                                                         \
    __attribute__((noinline)) void causal_phase_##n(phase_body body) {  \
        body();                                                         \
        __asm__ volatile("" ::: "memory");                              \
    }

#define TEN(d) MARK(d##0) MARK(d##1) MARK(d##2) MARK(d##3) MARK(d##4) \
               MARK(d##5) MARK(d##6) MARK(d##7) MARK(d##8) MARK(d##9)

TEN(0) TEN(1) TEN(2) TEN(3) TEN(4) TEN(5)

#define ROW(d) causal_phase_##d##0, causal_phase_##d##1, causal_phase_##d##2, causal_phase_##d##3, \
               causal_phase_##d##4, causal_phase_##d##5, causal_phase_##d##6, causal_phase_##d##7, \
               causal_phase_##d##8, causal_phase_##d##9

static void (*const MARKS[])(phase_body) = {ROW(0), ROW(1), ROW(2), ROW(3), ROW(4), ROW(5)};

int causal_phase_marks(void) { return (int)(sizeof MARKS / sizeof MARKS[0]); }

/* Run `body` inside mark `index` (0 <= index < causal_phase_marks()). */
void causal_phase(int index, phase_body body) {
    MARKS[index](body);
    __asm__ volatile("" ::: "memory");
}

/* Interpreter start, imports and the warm-up run uninstrumented (--instr-atstart=no), at
 * close to native speed; instrumentation starts just before the measured work. Without
 * callgrind's header the whole process is instrumented, with the same counts, only slower. */
int causal_marks_can_start_instrumentation(void) {
#ifdef HAVE_CALLGRIND_H
    return 1;
#else
    return 0;
#endif
}

int causal_instrumentation_start(void) {
#ifdef HAVE_CALLGRIND_H
    CALLGRIND_START_INSTRUMENTATION;
    return 1;
#else
    return 0;
#endif
}

int causal_instrumentation_stop(void) {
#ifdef HAVE_CALLGRIND_H
    CALLGRIND_STOP_INSTRUMENTATION;
    return 1;
#else
    return 0;
#endif
}
