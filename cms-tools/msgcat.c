/*
 * msgcat.c - the one CMS message catalog (see msgcat.h; docs/cms.md
 * explains each message), and the names of the program exceptions that
 * DMSABE141T prints.
 */
#include "cms-tools/msgcat.h"

struct cms_msg_def {
    const char *module;         /* three letters after DMS              */
    uint16_t    number;
    char        severity;
    int         rc;             /* Ready(rc) of a command failing so    */
    const char *text;           /* ksnprintf format                     */
};

static const struct cms_msg_def catalog[CMS_MSG_COUNT] = {
    [CMS_MSG_UNKNOWN_COMMAND]   = { "CMD", 3,   'E', -3,  "Unknown CP/CMS command: %s" },
    [CMS_MSG_INVALID_OPTION]    = { "CMD", 14,  'E', 14,  "Invalid option: %s" },
    [CMS_MSG_OPERAND_MISSING]   = { "CMD", 47,  'E', 47,  "Operand missing; the format is: %s" },
    [CMS_MSG_INVALID_PARAMETER] = { "CMD", 70,  'E', 70,  "Invalid parameter: %s" },
    [CMS_MSG_CP_TRUNCATED]      = { "CMD", 650, 'W', 0,   "CP response truncated; %u bytes did not fit" },
    [CMS_MSG_PROGRAM_EXCEPTION] = { "ABE", 141, 'T', 141, "%s exception occurred at %08llX" },
    [CMS_MSG_PROGRAM_CHECK]     = { "ABE", 141, 'T', 141, "Program check %04X occurred at %08llX" },
    [CMS_MSG_ABEND_RECURSION]   = { "ABE", 142, 'T', 142, "Program check %04X at %08llX during recovery; CMS stopped" },
    [CMS_MSG_ASSERT]            = { "ABE", 900, 'S', 900, "Assertion failed: %s (%s:%u); CMS stopped" },
    [CMS_MSG_NIC_NOT_FOUND]     = { "NET", 101, 'E', 101, "NIC %04X not found (devices %04X-%04X)" },
    [CMS_MSG_NIC_FAILED]        = { "NET", 102, 'E', 102, "%s %04X failed at %s: %s" },
    [CMS_MSG_NIC_IPA_FAILED]    = { "NET", 103, 'E', 103, "%s %04X failed at %s: IPA return code %04X (%s)" },
    [CMS_MSG_IF_TABLE_FULL]     = { "NET", 104, 'E', 104, "No room for interface %04X; at most %u" },
    [CMS_MSG_IF_NOT_UP]         = { "NET", 105, 'E', 105, "Interface %04X is not up" },
    [CMS_MSG_NICBAD_ACCEPTED]   = { "NET", 106, 'E', 106, "NICBAD %s %04X: %s: expected %s, got %s" },
    [CMS_MSG_NO_ROUTE]          = { "NET", 107, 'E', 107, "No route to %s" },
    [CMS_MSG_TOO_BIG]           = { "NET", 108, 'E', 108, "Size %s is too big; at most %u on interface %04X" },
};

unsigned cms_msg_number(enum cms_msg_id id)
{
    return (unsigned)id < CMS_MSG_COUNT ? catalog[id].number : 0;
}

int cms_msg_rc(enum cms_msg_id id)
{
    return (unsigned)id < CMS_MSG_COUNT ? catalog[id].rc : 1;
}

int cms_msg_vformat(char *buf, size_t n, enum cms_msg_id id, va_list ap)
{
    if ((unsigned)id >= CMS_MSG_COUNT)
        return ksnprintf(buf, n, "DMSCMD999S Message %u not in catalog", (unsigned)id);
    const struct cms_msg_def *m = &catalog[id];
    int head = ksnprintf(buf, n, "DMS%s%03u%c ", m->module, m->number, m->severity);
    size_t used = (size_t)head < n ? (size_t)head : (n ? n - 1 : 0);
    return head + kvsnprintf(buf + used, n - used, m->text, ap);
}

int cms_msg_format(char *buf, size_t n, enum cms_msg_id id, ...)
{
    va_list ap;
    va_start(ap, id);
    int len = cms_msg_vformat(buf, n, id, ap);
    va_end(ap);
    return len;
}

/* Program-interruption codes (bits 9-15 of the code) and their names. */
static const struct {
    uint8_t     code;
    const char *name;
} pgm_names[] = {
    { 0x01, "Operation" },
    { 0x02, "Privileged operation" },
    { 0x03, "Execute" },
    { 0x04, "Protection" },
    { 0x05, "Addressing" },
    { 0x06, "Specification" },
    { 0x07, "Data" },
    { 0x08, "Fixed-point overflow" },
    { 0x09, "Fixed-point divide" },
    { 0x0A, "Decimal overflow" },
    { 0x0B, "Decimal divide" },
    { 0x0C, "Exponent overflow" },
    { 0x0D, "Exponent underflow" },
    { 0x0E, "Significance" },
    { 0x0F, "Floating-point divide" },
    { 0x10, "Segment translation" },
    { 0x11, "Page translation" },
    { 0x12, "Translation specification" },
    { 0x13, "Special operation" },
    { 0x15, "Operand" },
    { 0x16, "Trace table" },
    { 0x1C, "Space-switch event" },
    { 0x1D, "Square root" },
    { 0x38, "ASCE-type" },
    { 0x39, "Region-first translation" },
    { 0x3A, "Region-second translation" },
    { 0x3B, "Region-third translation" },
    { 0x40, "Monitor event" },
};

const char *cms_pgm_exception_name(uint16_t code)
{
    uint8_t c = (uint8_t)(code & 0x7F);
    for (size_t i = 0; i < ARRAY_SIZE(pgm_names); i++)
        if (pgm_names[i].code == c)
            return pgm_names[i].name;
    return NULL;
}
