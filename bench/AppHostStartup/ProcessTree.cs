using System.Globalization;
using System.Runtime.InteropServices;

namespace AppHostStartup;

/// <summary>The descendants of a process (read from /proc) and POSIX signals by process id.</summary>
internal static partial class ProcessTree
{
    private const int SigTerm = 15;
    private const int SigKill = 9;

    /// <summary>Every live descendant of <paramref name="root"/>, with its command line.</summary>
    public static IReadOnlyList<(int Pid, string CommandLine)> Descendants(int root)
    {
        var children = new Dictionary<int, List<int>>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                || ParentOf(pid) is not { } parent)
            {
                continue;
            }

            if (!children.TryGetValue(parent, out var list))
            {
                children[parent] = list = [];
            }

            list.Add(pid);
        }

        var result = new List<(int, string)>();
        var pending = new Stack<int>([root]);
        while (pending.TryPop(out var pid))
        {
            foreach (var child in children.GetValueOrDefault(pid) ?? [])
            {
                result.Add((child, CommandLine(child)));
                pending.Push(child);
            }
        }

        return result;
    }

    /// <summary>Asks a process to stop (SIGTERM), as a terminal's service manager would.</summary>
    public static void Terminate(int pid) => _ = Kill(pid, SigTerm);

    /// <summary>Ends a process that did not stop (SIGKILL); true when it was still there.</summary>
    public static bool ForceKill(int pid) => Kill(pid, SigKill) == 0;

    /// <summary>True while a process with that id exists.</summary>
    public static bool IsAlive(int pid) => Directory.Exists($"/proc/{pid}") && ParentOf(pid) is not null && !IsZombie(pid);

    private static int? ParentOf(int pid)
    {
        try
        {
            // The command name (field 2) is in parentheses and may hold spaces: fields after it start past the last ')'.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return int.Parse(fields[1], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static bool IsZombie(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)] == 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static string CommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ').Trim();
        }
        catch (IOException)
        {
            return "";
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
