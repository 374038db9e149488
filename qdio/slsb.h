/*
 * slsb.h - SLSB buffer-state transitions (pure).
 *
 * Each QDIO buffer has one SLSB state byte (owner | type | state, values in
 * hw/qdio.h).  Ownership passes between the program (driver: guest or CP's
 * uplink driver) and the adapter (CP's NIC emulation or a real OSA) only by
 * the transitions in one table, qdio_slsb_next(); every (state, event)
 * pair is either a defined next state or an explicit INVALID cell, so a
 * guest that touches a buffer it does not own is detected, never undefined.
 * Source: shared/reference/qdio-osa.md §4 "States", Linux qdio_main.c.
 *
 * Both sides use the table: the adapter side validates what it finds in
 * guest storage before acting, the driver side checks its own moves.
 */
#ifndef QDIO_SLSB_H
#define QDIO_SLSB_H

#include "port.h"

/* Who does what to one buffer.  DRV_ = program, ADP_ = adapter. */
enum qdio_slsb_event {
    QDIO_EV_DRV_ARM_INPUT,      /* program hands an input buffer to adapter  */
    QDIO_EV_ADP_FILL_INPUT,     /* adapter stored data: input primed         */
    QDIO_EV_DRV_ACK_INPUT,      /* program took the data, keeps the buffer   */
    QDIO_EV_ADP_INPUT_ERROR,    /* adapter could not fill the buffer         */
    QDIO_EV_DRV_PRIME_OUTPUT,   /* program filled an output buffer           */
    QDIO_EV_ADP_CONSUME_OUTPUT, /* adapter sent it: output empty             */
    QDIO_EV_ADP_OUTPUT_PENDING, /* adapter sent it, still refers to the data */
    QDIO_EV_ADP_OUTPUT_ERROR,   /* adapter could not send it                 */
    QDIO_EV_ADP_HALT,           /* queues stopped (HSCH/CSCH): give back     */
    QDIO_EV_COUNT
};

/* Outcome of one transition: OK, or why the cell is not a transition. */
enum qdio_slsb_result {
    QDIO_SLSB_OK            =  0,
    QDIO_SLSB_INVALID       = -1,   /* event not allowed in this state      */
    QDIO_SLSB_UNKNOWN_STATE = -2,   /* byte is not an SLSB state            */
    QDIO_SLSB_UNKNOWN_EVENT = -3,   /* event out of range                   */
};
#define QDIO_SLSB_RESULT_MIN    (-3)

/*
 * The state after event ev on a buffer in state `state`.
 * Returns QDIO_SLSB_OK and stores the new state byte in *next; on any other
 * result *next is not written.  Pure, no side effects.
 * Note: SLSB_ERROR_ANY (0xFF, Hercules) carries no direction; both
 * DRV_ARM_INPUT and DRV_PRIME_OUTPUT accept it, so the caller must know
 * the queue's direction when it matters.
 */
enum qdio_slsb_result qdio_slsb_next(uint8_t state, enum qdio_slsb_event ev,
                                     uint8_t *next);

/* True when `state` is one of the states the table knows. */
bool qdio_slsb_known(uint8_t state);

/* True when the adapter owns a buffer in this (known) state. */
bool qdio_slsb_adapter_owned(uint8_t state);

/* Short names; "?" for values out of range / unknown bytes.  Static strings. */
const char *qdio_slsb_event_str(enum qdio_slsb_event ev);
const char *qdio_slsb_result_str(enum qdio_slsb_result r);
const char *qdio_slsb_state_str(uint8_t state);

#endif
