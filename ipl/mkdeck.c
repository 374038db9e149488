/*
 * mkdeck.c - host tool: flat CP image -> IPL card deck for a 3505 reader
 * (Hercules "3505 file ebcdic": raw 80-byte cards).
 *
 *   mkdeck image.bin deck load-address entry-address
 *
 * The IPL reads card 1 (24 bytes) to absolute 0: an ESA/390 IPL PSW
 * (Hercules IPLs in ESA/390 mode) and two CCWs that read the first "CCW
 * card" to CCWBUF and TIC to it.  Each CCW card holds eight format-0 READs
 * of the following eight data cards, a READ of the next CCW card over
 * itself, and in slot 9 a TIC to CCWBUF - fetched from the new card,
 * because the channel fetches CCWs one at a time.  The last data READ has
 * no chaining, which ends the IPL.  Format-0 CCWs: addresses below 16 MB.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CARD        80
#define CCWBUF      0x2000u
#define CCW_READ    0x02
#define CCW_TIC     0x08
#define FLAG_CC     0x40
#define FLAG_SLI    0x20
#define PER_CARD    8

static void ccw0(uint8_t *p, uint8_t cmd, uint32_t addr, uint8_t flags, uint16_t count)
{
    p[0] = cmd;
    p[1] = (uint8_t)(addr >> 16);
    p[2] = (uint8_t)(addr >> 8);
    p[3] = (uint8_t)addr;
    p[4] = flags;
    p[5] = 0;
    p[6] = (uint8_t)(count >> 8);
    p[7] = (uint8_t)count;
}

static int die(const char *what, const char *path)
{
    fprintf(stderr, "mkdeck: %s %s: %s\n", what, path, strerror(errno));
    return 1;
}

int main(int argc, char **argv)
{
    if (argc != 5) {
        fprintf(stderr, "usage: mkdeck image.bin deck load-address entry-address\n");
        return 2;
    }
    uint32_t load = (uint32_t)strtoul(argv[3], NULL, 0);
    uint32_t entry = (uint32_t)strtoul(argv[4], NULL, 0);
    FILE *in = fopen(argv[1], "rb");
    if (!in)
        return die("cannot open", argv[1]);
    fseek(in, 0, SEEK_END);
    long size = ftell(in);
    rewind(in);
    size_t ncards = (size_t)(size + CARD - 1) / CARD;
    uint8_t *data = calloc(ncards ? ncards : 1, CARD);
    if (!data || fread(data, 1, (size_t)size, in) != (size_t)size)
        return die("cannot read", argv[1]);
    fclose(in);
    if (ncards == 0 || load + ncards * CARD > 0x1000000u || load < CCWBUF + CARD) {
        fprintf(stderr, "mkdeck: image of %ld bytes at 0x%x does not fit below 16 MB\n", size, load);
        return 1;
    }

    FILE *out = fopen(argv[2], "wb");
    if (!out)
        return die("cannot create", argv[2]);
    uint8_t card[CARD] = { 0 };
    uint32_t psw[2] = { 0x00080000u, 0x80000000u | entry };    /* ESA/390, 31-bit */
    for (int i = 0; i < 2; i++)
        for (int b = 0; b < 4; b++)
            card[i * 4 + b] = (uint8_t)(psw[i] >> (24 - 8 * b));
    ccw0(card + 8, CCW_READ, CCWBUF, FLAG_CC | FLAG_SLI, CARD);
    ccw0(card + 16, CCW_TIC, CCWBUF, 0, 1);
    fwrite(card, 1, CARD, out);

    size_t written = 1;
    for (size_t g = 0; g < ncards; g += PER_CARD) {
        int last_group = g + PER_CARD >= ncards;
        memset(card, 0, sizeof card);
        for (size_t i = g; i < g + PER_CARD && i < ncards; i++) {
            int final = last_group && i == ncards - 1;
            ccw0(card + 8 * (i - g), CCW_READ, load + (uint32_t)(CARD * i),
                 final ? FLAG_SLI : FLAG_CC | FLAG_SLI, CARD);
        }
        if (!last_group)
            ccw0(card + 64, CCW_READ, CCWBUF, FLAG_CC | FLAG_SLI, CARD);
        ccw0(card + 72, CCW_TIC, CCWBUF, 0, 1);
        fwrite(card, 1, CARD, out);
        for (size_t i = g; i < g + PER_CARD && i < ncards; i++)
            fwrite(data + CARD * i, 1, CARD, out);
        written += 1 + (ncards - g < PER_CARD ? ncards - g : PER_CARD);
    }
    if (fclose(out) != 0)
        return die("cannot write", argv[2]);
    printf("mkdeck: %ld bytes at 0x%x, entry 0x%x -> %zu cards\n", size, load, entry, written);
    free(data);
    return 0;
}
