/*
 * TEST-ONLY helper for scripts/windows-smoke.sh: holds a file open the way Excel holds a workbook
 * it shows (other programs may read it, nobody may replace or delete it), so the smoke test can
 * check the message crimeproof gives when it cannot save over that file.
 *
 * Usage: hold.exe FILE RELEASE — opens FILE, prints "held", and keeps it open until the file
 * RELEASE exists (at most two minutes).
 */
#include <stdio.h>
#include <windows.h>

int wmain(int argc, wchar_t **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: hold.exe FILE RELEASE\n");
        return 2;
    }
    HANDLE h = CreateFileW(argv[1], GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ, NULL,
                           OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, NULL);
    if (h == INVALID_HANDLE_VALUE) {
        fprintf(stderr, "hold.exe: cannot open file (error %lu)\n", GetLastError());
        return 1;
    }
    printf("held\n");
    fflush(stdout);
    for (int i = 0; i < 1200 && GetFileAttributesW(argv[2]) == INVALID_FILE_ATTRIBUTES; i++)
        Sleep(100);
    CloseHandle(h);
    return 0;
}
