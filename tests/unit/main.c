/*
 * main.c - runs every CUnit suite (host build of the pure sources that the
 * CP image runs).  Exit status 0 only when every assertion passed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <CUnit/Basic.h>
#include "tests/unit/suites.h"

/* CP_ASSERT in pure code: abort the test run loudly. */
void port_assert_fail(const char *expr, const char *file, unsigned line)
{
    fprintf(stderr, "CP_ASSERT failed: %s (%s:%u)\n", expr, file, line);
    abort();
}

void unit_add_suite(const char *name, const struct unit_test *tests)
{
    CU_pSuite s = CU_add_suite(name, NULL, NULL);
    if (!s) {
        fprintf(stderr, "cannot add suite %s\n", name);
        exit(2);
    }
    for (; tests->name; tests++)
        if (!CU_add_test(s, tests->name, tests->fn)) {
            fprintf(stderr, "cannot add test %s\n", tests->name);
            exit(2);
        }
}

int main(void)
{
    if (CU_initialize_registry() != CUE_SUCCESS)
        return 2;
    register_lib_tests();
    register_cmd_tests();
    register_frames_tests();
    register_script_tests();
    register_telnet_codec_tests();
    register_directory_tests();
    register_vio_tests();
    register_qdio_tests();
    register_guestlan_tests();
    register_pdu_tests();
    register_osa_tests();
    register_inet_tests();
    register_ipv4_tests();
    register_route_tests();
    register_qbuf_tests();
    register_lcs_tests();
    register_arp_tests();
    register_uplink_tests();
    register_vswcmds_tests();
    CU_basic_set_mode(CU_BRM_NORMAL);
    CU_basic_run_tests();
    unsigned failed = CU_get_number_of_failures() + CU_get_number_of_tests_failed();
    CU_cleanup_registry();
    return failed ? 1 : 0;
}
