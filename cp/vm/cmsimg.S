/*
 * cmsimg.S - the CMS nucleus (build/cms.bin, from cms-tools/) inside the
 * CP image; vm_logon copies it into a guest for IPL CMS.
 */
        .section .rodata
        .balign 8
        .globl  cms_image, cms_image_end
cms_image:
        .incbin "build/cms.bin"
cms_image_end:
