/*
 * TEST-ONLY stand-in for bcryptprimitives.dll under Wine. NEVER SHIP THIS FILE'S DLL.
 *
 * Rust's standard library on Windows gets random bytes (for HashMap seeds) from ProcessPrng in
 * bcryptprimitives.dll, which every Windows 10/11 has. Debian's Wine 8 does not provide that DLL,
 * so a Rust .exe fails to start under it. scripts/windows-smoke.sh builds this stub with mingw
 * and puts it beside the .exe in a throwaway test folder only; scripts/release.sh refuses to
 * publish a dist/ that contains it.
 *
 * ProcessPrng fills the buffer from RtlGenRandom (exported by advapi32 as SystemFunction036),
 * which Wine implements on top of the host's random source.
 */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len)
{
    while (len > 0) {
        ULONG chunk = len > 0x10000000 ? 0x10000000 : (ULONG)len;
        if (!SystemFunction036(data, chunk))
            return FALSE;
        data += chunk;
        len -= chunk;
    }
    return TRUE;
}
