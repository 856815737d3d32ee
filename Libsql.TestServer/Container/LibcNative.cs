using System.Runtime.InteropServices;

namespace Libsql.TestServer.Container;

/// <summary>
/// The few libc calls the image's entrypoint needs (what <c>chown</c> and <c>gosu</c> do in the real image),
/// so the image carries no shell and no extra binaries.
/// </summary>
internal static class LibcNative
{
    private const string Libc = "libc";

    [DllImport(Libc, SetLastError = true)]
    public static extern int lchown([MarshalAs(UnmanagedType.LPUTF8Str)] string path, uint owner, uint group);

    [DllImport(Libc, SetLastError = true)]
    public static extern int setgroups(nuint size, IntPtr list);

    [DllImport(Libc, SetLastError = true)]
    public static extern int setgid(uint gid);

    [DllImport(Libc, SetLastError = true)]
    public static extern int setuid(uint uid);

    [DllImport(Libc)]
    public static extern uint geteuid();

    /// <summary>Replaces the process image; returns only on failure.</summary>
    [DllImport(Libc, SetLastError = true)]
    public static extern int execve(IntPtr path, IntPtr[] argv, IntPtr[] envp);
}
