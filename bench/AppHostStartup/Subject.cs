namespace AppHostStartup;

/// <summary>A resource the run waits for, and whether Aspire health-checks it (else Running is enough).</summary>
/// <param name="Name">The resource name, as in the AppHost.</param>
/// <param name="HasHealthChecks">True when the resource carries health checks.</param>
internal sealed record ExpectedResource(string Name, bool HasHealthChecks);

/// <summary>An AppHost to time: the project run with <c>dotnet run</c>, its extra environment and its resources.</summary>
/// <param name="Label">The name in the results.</param>
/// <param name="ProjectPath">The AppHost project folder (absolute: a baseline may live in another checkout).</param>
/// <param name="Environment">Variables added to the AppHost's environment.</param>
/// <param name="Resources">The resources that must all be Running and healthy.</param>
internal sealed record Subject(string Label, string ProjectPath, IReadOnlyDictionary<string, string> Environment, IReadOnlyList<ExpectedResource> Resources);
