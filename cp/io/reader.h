/* reader.h - read a whole card deck from a real 3505 reader (target only). */
#ifndef CP_IO_READER_H
#define CP_IO_READER_H

#include "port.h"

/* Read every card of reader devno as text: each 80-column EBCDIC card
 * becomes one ASCII line, trailing blanks removed, ended by '\n'.  Stops
 * at end of file (unit exception) or when buf is full; a card that ends in
 * unit check stops it too and its number goes to *bad_card (else 0).
 * Returns the text length, or -1 if the reader is not there. */
long rdr_read_text(uint16_t devno, char *buf, size_t max, unsigned *bad_card);

#endif
