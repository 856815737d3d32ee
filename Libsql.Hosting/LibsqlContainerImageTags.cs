namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// The sqld container image that <c>AddLibsql</c> runs: libSQL's server as published by the libSQL team. Internal, as
/// Aspire keeps its <c>*ContainerImageTags</c>: the pin moves with the package, and an AppHost that needs another image
/// says so with <c>WithImage</c>/<c>WithImageTag</c>.
/// </summary>
internal static class LibsqlContainerImageTags
{
    /// <summary>The registry that hosts the image: <c>ghcr.io</c>.</summary>
    public const string Registry = "ghcr.io";

    /// <summary>The image name: <c>tursodatabase/libsql-server</c>.</summary>
    public const string Image = "tursodatabase/libsql-server";

    /// <summary>The pinned tag: <c>v0.24.33</c> (git tag <c>libsql-server-v0.24.33</c>).</summary>
    public const string Tag = "v0.24.33";
}
