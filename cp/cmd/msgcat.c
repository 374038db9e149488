/*
 * msgcat.c - the one message catalog (pure).  See msgcat.h for the
 * numbering rules; docs/messages.md explains each message.
 */
#include "cp/cmd/msgcat.h"

struct msg_def {
    uint16_t    number;
    char        severity;
    const char *text;           /* ksnprintf format */
};

static const struct msg_def catalog[MSG_COUNT] = {
    [MSG_UNKNOWN_COMMAND]     = { 1,    'E', "Unknown CP command: %s" },
    [MSG_INVALID_OPERAND]     = { 2,    'E', "Invalid operand - %s" },
    [MSG_INVALID_OPTION]      = { 3,    'E', "Invalid option - %s" },
    [MSG_EXTRA_OPTION]        = { 3,    'E', "Invalid option - command contains extra option(s) starting with %s" },
    [MSG_USERID_MISSING]      = { 20,   'E', "Userid missing or invalid" },
    [MSG_OPERAND_MISSING]     = { 26,   'E', "Operand missing or invalid" },
    [MSG_NOT_LOGGED_ON]       = { 45,   'E', "%s not logged on" },
    [MSG_DIRECTORY_ERROR]     = { 52,   'E', "Error in CP directory" },
    [MSG_NOT_IN_DIRECTORY]    = { 53,   'E', "%s not in CP directory" },
    [MSG_ALREADY_LOGGED_ON]   = { 54,   'E', "Already logged on" },
    [MSG_VDEV_INVALID]        = { 22,   'E', "A virtual device number was not supplied or it was invalid" },
    [MSG_DEVICE_NOT_EXIST]    = { 40,   'E', "Device %s does not exist" },
    [MSG_GUEST_DISABLED_WAIT] = { 450,  'W', "%s entered disabled wait state, PSW %016llX %016llX" },
    [MSG_GUEST_PGM_LOOP]      = { 453,  'W', "%s is in a program interrupt loop, code %04X, PSW %016llX %016llX" },
    [MSG_SHUTDOWN_COMPLETE]   = { 961,  'W', "SYSTEM SHUTDOWN COMPLETE" },
    [MSG_CP_LEVEL]            = { 6000, 'I', "vmlan CP version %s, generated at %s UTC" },
    [MSG_REAL_STORAGE]        = { 6001, 'I', "Real storage %s, %u frames available for guests" },
    [MSG_IPL_COMPLETE]        = { 6002, 'I', "IPL complete at %s UTC %s %s" },
    [MSG_CONSOLE_NOT_OPER]    = { 6003, 'W', "Operator console %04X is not operational" },
    [MSG_CONSOLE_INPUT_LOST]  = { 6004, 'W', "Input line on console %04X lost (sense %02X); enter it again" },
    [MSG_CONSOLE_OUTPUT_LOST] = { 6005, 'W', "%u output lines for console %04X were discarded (queue full)" },
    [MSG_DIRECTORY_LINE]      = { 6100, 'E', "Directory line %u: %s - %s" },
    [MSG_NO_STORAGE]          = { 6101, 'E', "Not enough real storage to log on %s" },
    [MSG_TOO_MANY_USERS]      = { 6102, 'E', "Too many users logged on; %s was not logged on" },
    [MSG_QUEUE_FULL]          = { 6103, 'E', "Console input queue of %s is full; line not sent" },
    [MSG_ONLY_FROM_GUEST]     = { 6104, 'E', "%s is valid only from a virtual machine" },
    [MSG_DIRECTORY_LOADED]    = { 6105, 'I', "Directory read: %u users, %u unusable, %u errors" },
    [MSG_NO_DIRECTORY]        = { 6106, 'W', "No user directory on reader %04X; no users defined" },
    [MSG_GUEST_STOPPED]       = { 6107, 'E', "%s is stopped; it can only be forced off" },
    [MSG_READER_ERROR]        = { 6108, 'W', "Reader %04X could not read card %u; the directory ends before it" },
    [MSG_GUEST_VALIDITY]      = { 6109, 'W', "%s stopped: SIE interception %u that CP does not handle, PSW %016llX %016llX" },
    [MSG_DEVICE_EXISTS]       = { 6110, 'E', "Device %s or one of the devices after it is already defined" },
    [MSG_NO_SUBCHANNELS]      = { 6111, 'E', "No room for NIC %s: too many NICs or devices for this virtual machine" },
    [MSG_LAN_EXISTS]          = { 6120, 'E', "LAN SYSTEM %s already exists" },
    [MSG_LAN_NOT_FOUND]       = { 6121, 'E', "LAN SYSTEM %s does not exist" },
    [MSG_LAN_IN_USE]          = { 6122, 'E', "LAN SYSTEM %s is in use: NICs are still coupled to it" },
    [MSG_LAN_MAXCONN]         = { 6123, 'E', "LAN SYSTEM %s has its maximum number of connections" },
    [MSG_NIC_COUPLED]         = { 6124, 'E', "NIC %s is already coupled; UNCOUPLE it first" },
    [MSG_NIC_NOT_COUPLED]     = { 6125, 'E', "NIC %s is not coupled" },
    [MSG_LAN_TABLE_FULL]      = { 6126, 'E', "No room for LAN %s: too many LANs" },
    [MSG_VSWITCH_EXISTS]      = { 6130, 'E', "VSWITCH SYSTEM %s already exists" },
    [MSG_VSWITCH_NOT_FOUND]   = { 6131, 'E', "VSWITCH SYSTEM %s does not exist" },
    [MSG_VSWITCH_IN_USE]      = { 6132, 'E', "VSWITCH SYSTEM %s is in use: NICs are still coupled to it" },
    [MSG_VSWITCH_LAYER2]      = { 6133, 'E', "VSWITCH %s: ETHERNET (layer 2) is not supported; vmlan switches IP only" },
    [MSG_RDEV_IN_USE]         = { 6134, 'E', "RDEV %s is already the uplink of VSWITCH %s" },
    [MSG_VSWITCH_READY]       = { 2830, 'I', "VSWITCH SYSTEM %s status is ready." },
    [MSG_VSWITCH_NOT_ACTIVE]  = { 2832, 'E', "Connection for VSWITCH SYSTEM %s is not active: RDEV %04X %s" },
    [MSG_PROGRAM_CHECK]       = { 9001, 'S', "CP program check %04X at PSW %016llX %016llX, ILC %u, TEA %016llX" },
    [MSG_MACHINE_CHECK]       = { 9002, 'S', "CP machine check, code %016llX, PSW %016llX %016llX" },
    [MSG_RESTART]             = { 9003, 'S', "CP restart interruption, PSW %016llX %016llX" },
    [MSG_SVC]                 = { 9004, 'S', "Unexpected SVC %u in CP, PSW %016llX %016llX" },
    [MSG_ASSERT]              = { 9005, 'S', "CP assertion failed: %s (%s:%u)" },
    [MSG_STORAGE_TOO_SMALL]   = { 9006, 'S', "Real storage %uK is below the %uK CP needs" },
    [MSG_WAIT_STATE]          = { 9007, 'S', "CP entering disabled wait, PSW %016llX %016llX" },
};

unsigned msg_number(enum msg_id id)
{
    return (unsigned)id < MSG_COUNT ? catalog[id].number : 0;
}

char msg_severity(enum msg_id id)
{
    return (unsigned)id < MSG_COUNT ? catalog[id].severity : '?';
}

int msg_vformat(char *buf, size_t n, enum msg_id id, va_list ap)
{
    if ((unsigned)id >= MSG_COUNT)
        return ksnprintf(buf, n, "VML000S message %u not in catalog", (unsigned)id);
    const struct msg_def *m = &catalog[id];
    int k = ksnprintf(buf, n, "VML%03u%c ", m->number, m->severity);
    size_t used = (size_t)k < n ? (size_t)k : (n ? n - 1 : 0);
    return k + kvsnprintf(buf + used, n - used, m->text, ap);
}

int msg_format(char *buf, size_t n, enum msg_id id, ...)
{
    va_list ap;
    va_start(ap, id);
    int k = msg_vformat(buf, n, id, ap);
    va_end(ap);
    return k;
}
