namespace Libsql.Client.Hrana;

/// <summary>A named statement argument; the name carries its prefix (<c>:</c>, <c>@</c> or <c>$</c>).</summary>
internal sealed class HranaNamedArgument
{
    /// <summary>The parameter name, e.g. <c>:id</c>.</summary>
    public required string Name { get; init; }

    /// <summary>The bound value.</summary>
    public HranaValue Value { get; init; }
}
