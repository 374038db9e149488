/* suites.h - every CUnit suite of build/unit_tests registers through here. */
#ifndef TESTS_UNIT_SUITES_H
#define TESTS_UNIT_SUITES_H

#include <CUnit/CUnit.h>

void register_lib_tests(void);
void register_cmd_tests(void);
void register_frames_tests(void);
void register_script_tests(void);
void register_telnet_codec_tests(void);
void register_directory_tests(void);
void register_vio_tests(void);
void register_qdio_tests(void);
void register_guestlan_tests(void);
void register_pdu_tests(void);
void register_osa_tests(void);
void register_inet_tests(void);
void register_ipv4_tests(void);
void register_route_tests(void);
void register_qbuf_tests(void);
void register_lcs_tests(void);
void register_arp_tests(void);
void register_uplink_tests(void);
void register_vswcmds_tests(void);

/* A suite with tests {name, fn} ending in {NULL, NULL}. */
struct unit_test {
    const char *name;
    CU_TestFunc fn;
};
void unit_add_suite(const char *name, const struct unit_test *tests);

#endif
