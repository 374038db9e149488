/*
 * slsb.c - the SLSB ownership/state transition table (pure).
 * Source: shared/reference/qdio-osa.md §4 "States"; Linux qdio_main.c for
 * the program-side states (ack, halted, error, pending).
 */
#include "qdio/slsb.h"
#include "hw/qdio.h"

/* Row of the table: one known state byte and its name. */
struct slsb_state_desc {
    uint8_t     value;
    const char *name;
};

enum {
    S_IN_NOT_INIT, S_IN_EMPTY_CU, S_IN_PRIMED, S_IN_ACK, S_IN_HALTED, S_IN_ERROR,
    S_OUT_NOT_INIT, S_OUT_PRIMED_CU, S_OUT_EMPTY, S_OUT_PENDING, S_OUT_HALTED,
    S_OUT_ERROR, S_ERROR_ANY, S_COUNT
};

static const struct slsb_state_desc states[S_COUNT] = {
    [S_IN_NOT_INIT]   = { SLSB_P_INPUT_NOT_INIT,  "input not initialised" },
    [S_IN_EMPTY_CU]   = { SLSB_CU_INPUT_EMPTY,    "input empty (adapter)" },
    [S_IN_PRIMED]     = { SLSB_P_INPUT_PRIMED,    "input primed" },
    [S_IN_ACK]        = { SLSB_P_INPUT_ACK,       "input acknowledged" },
    [S_IN_HALTED]     = { SLSB_P_INPUT_HALTED,    "input halted" },
    [S_IN_ERROR]      = { SLSB_P_INPUT_ERROR,     "input error" },
    [S_OUT_NOT_INIT]  = { SLSB_P_OUTPUT_NOT_INIT, "output not initialised" },
    [S_OUT_PRIMED_CU] = { SLSB_CU_OUTPUT_PRIMED,  "output primed (adapter)" },
    [S_OUT_EMPTY]     = { SLSB_P_OUTPUT_EMPTY,    "output empty" },
    [S_OUT_PENDING]   = { SLSB_P_OUTPUT_PENDING,  "output pending" },
    [S_OUT_HALTED]    = { SLSB_P_OUTPUT_HALTED,   "output halted" },
    [S_OUT_ERROR]     = { SLSB_P_OUTPUT_ERROR,    "output error" },
    [S_ERROR_ANY]     = { SLSB_ERROR_ANY,         "error (Hercules)" },
};

/* Cell value meaning "no transition": 0x00 is not a composable state
 * (it has no owner). */
#define INV 0x00

/*
 * next[state][event].  Rows: every known state; columns: every event.
 * Program-side events are allowed only from program-owned states, adapter
 * events only from adapter-owned states (41, 62) or, for completion of a
 * pending output, from A3.
 */
static const uint8_t next_tab[S_COUNT][QDIO_EV_COUNT] = {
    /*                 ARM_IN ADP_FILL ACK_IN IN_ERR PRIME_OUT CONSUME PENDING OUT_ERR HALT */
    [S_IN_NOT_INIT]   = { 0x41, INV,    INV,   INV,   INV,      INV,    INV,    INV,    INV  },
    [S_IN_EMPTY_CU]   = { INV,  0x82,   INV,   0x8F,  INV,      INV,    INV,    INV,    0x8E },
    [S_IN_PRIMED]     = { 0x41, INV,    0x81,  INV,   INV,      INV,    INV,    INV,    INV  },
    [S_IN_ACK]        = { 0x41, INV,    INV,   INV,   INV,      INV,    INV,    INV,    INV  },
    [S_IN_HALTED]     = { 0x41, INV,    INV,   INV,   INV,      INV,    INV,    INV,    INV  },
    [S_IN_ERROR]      = { 0x41, INV,    INV,   INV,   INV,      INV,    INV,    INV,    INV  },
    [S_OUT_NOT_INIT]  = { INV,  INV,    INV,   INV,   0x62,     INV,    INV,    INV,    INV  },
    [S_OUT_PRIMED_CU] = { INV,  INV,    INV,   INV,   INV,      0xA1,   0xA3,   0xAF,   0xAE },
    [S_OUT_EMPTY]     = { INV,  INV,    INV,   INV,   0x62,     INV,    INV,    INV,    INV  },
    [S_OUT_PENDING]   = { INV,  INV,    INV,   INV,   INV,      0xA1,   INV,    0xAF,   INV  },
    [S_OUT_HALTED]    = { INV,  INV,    INV,   INV,   0x62,     INV,    INV,    INV,    INV  },
    [S_OUT_ERROR]     = { INV,  INV,    INV,   INV,   0x62,     INV,    INV,    INV,    INV  },
    [S_ERROR_ANY]     = { 0x41, INV,    INV,   INV,   0x62,     INV,    INV,    INV,    INV  },
};

_Static_assert(SLSB_CU_INPUT_EMPTY == 0x41 && SLSB_P_INPUT_PRIMED == 0x82 &&
               SLSB_P_INPUT_ACK == 0x81 && SLSB_P_INPUT_ERROR == 0x8F &&
               SLSB_P_INPUT_HALTED == 0x8E, "table literals: input");
_Static_assert(SLSB_CU_OUTPUT_PRIMED == 0x62 && SLSB_P_OUTPUT_EMPTY == 0xA1 &&
               SLSB_P_OUTPUT_PENDING == 0xA3 && SLSB_P_OUTPUT_ERROR == 0xAF &&
               SLSB_P_OUTPUT_HALTED == 0xAE, "table literals: output");

static const char *const event_names[QDIO_EV_COUNT] = {
    [QDIO_EV_DRV_ARM_INPUT]      = "drv-arm-input",
    [QDIO_EV_ADP_FILL_INPUT]     = "adp-fill-input",
    [QDIO_EV_DRV_ACK_INPUT]      = "drv-ack-input",
    [QDIO_EV_ADP_INPUT_ERROR]    = "adp-input-error",
    [QDIO_EV_DRV_PRIME_OUTPUT]   = "drv-prime-output",
    [QDIO_EV_ADP_CONSUME_OUTPUT] = "adp-consume-output",
    [QDIO_EV_ADP_OUTPUT_PENDING] = "adp-output-pending",
    [QDIO_EV_ADP_OUTPUT_ERROR]   = "adp-output-error",
    [QDIO_EV_ADP_HALT]           = "adp-halt",
};

/* Indexed by -result. */
static const char *const result_names[] = {
    "ok", "invalid transition", "unknown state", "unknown event",
};
_Static_assert(ARRAY_SIZE(result_names) == 1 - QDIO_SLSB_RESULT_MIN, "result names");

/* Row index of a known state byte, or -1. */
static int state_index(uint8_t state)
{
    for (int i = 0; i < S_COUNT; i++)
        if (states[i].value == state)
            return i;
    return -1;
}

enum qdio_slsb_result qdio_slsb_next(uint8_t state, enum qdio_slsb_event ev,
                                     uint8_t *next)
{
    if ((unsigned)ev >= QDIO_EV_COUNT)
        return QDIO_SLSB_UNKNOWN_EVENT;
    int i = state_index(state);
    if (i < 0)
        return QDIO_SLSB_UNKNOWN_STATE;
    uint8_t n = next_tab[i][ev];
    if (n == INV)
        return QDIO_SLSB_INVALID;
    *next = n;
    return QDIO_SLSB_OK;
}

bool qdio_slsb_known(uint8_t state)
{
    return state_index(state) >= 0;
}

bool qdio_slsb_adapter_owned(uint8_t state)
{
    return state == SLSB_CU_INPUT_EMPTY || state == SLSB_CU_OUTPUT_PRIMED;
}

const char *qdio_slsb_event_str(enum qdio_slsb_event ev)
{
    return (unsigned)ev < QDIO_EV_COUNT ? event_names[ev] : "?";
}

const char *qdio_slsb_result_str(enum qdio_slsb_result r)
{
    return (r <= 0 && r >= QDIO_SLSB_RESULT_MIN) ? result_names[-r] : "?";
}

const char *qdio_slsb_state_str(uint8_t state)
{
    int i = state_index(state);
    return i >= 0 ? states[i].name : "?";
}
