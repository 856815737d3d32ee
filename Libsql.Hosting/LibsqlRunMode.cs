namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// How a libSQL server resource added with <c>AddLibsqlWithLocalFallback</c> runs. Read from the configuration key
/// <c>Libsql:RunMode</c> (environment variable <c>Libsql__RunMode</c>) when not given in code.
/// </summary>
public enum LibsqlRunMode
{
    /// <summary>
    /// The pinned sqld container when a container runtime answers and the image is present locally; otherwise the local
    /// process, with a warning in the AppHost's and the resource's log.
    /// </summary>
    Auto,

    /// <summary>Always the sqld container (the container runtime must work and may pull the image).</summary>
    Container,

    /// <summary>Always the local sqld-compatible process.</summary>
    LocalProcess,
}
