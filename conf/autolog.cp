**********************************************************************
*  AUTOLOG CP - the default system's start-up commands               *
*                                                                    *
*  `vmlan run` (make run) without --directory, --script or           *
*  --no-autolog types these CP commands on the operator console      *
*  after CP's first Ready, one per line, each after the previous     *
*  one's Ready (z/VM: AUTOLOG1's PROFILE EXEC).  Blank lines and     *
*  lines starting with '*' are ignored.  Reference: docs/console.md  *
*  "The default system".  Guests: conf/system.direct.                *
**********************************************************************
*
*  VSWITCH VSW1 with the uplink LCS 0E40: CP answers
*  VML2830I VSWITCH SYSTEM VSW1 status is ready.  and the launcher
*  then gives the TAP the host address 10.1.0.1/24 (--uplink-net).
*
DEFINE VSWITCH VSW1 RDEV E40
*
*  The guests; each one's NIC 0700 couples to VSW1 at logon.
*
XAUTOLOG GST1
XAUTOLOG GST2
XAUTOLOG GST3
*
*  Their addresses (CP queues a SEND for a guest that is still booting).
*
SEND GST1 IFCONFIG 700 10.1.0.2/24
SEND GST2 IFCONFIG 700 10.1.0.3/24
SEND GST3 IFCONFIG 700 10.1.0.4/24
