# IA_CHECK_CFLAGS(VARIABLE, FLAGS)
# Appends to VARIABLE each flag of FLAGS that the C compiler accepts with -Werror,
# so a flag an older compiler does not know never breaks the build.
AC_DEFUN([IA_CHECK_CFLAGS], [
  for ia_flag in $2; do
    AC_MSG_CHECKING([whether $CC accepts $ia_flag])
    ia_save_CFLAGS=$CFLAGS
    CFLAGS="$CFLAGS -Werror $ia_flag"
    AC_COMPILE_IFELSE([AC_LANG_PROGRAM([], [])],
      [AC_MSG_RESULT([yes]); $1="$$1 $ia_flag"],
      [AC_MSG_RESULT([no])])
    CFLAGS=$ia_save_CFLAGS
  done
])
