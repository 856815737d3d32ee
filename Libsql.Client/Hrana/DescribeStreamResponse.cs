namespace Libsql.Client.Hrana;

/// <summary>Response to <see cref="DescribeStreamRequest"/>.</summary>
internal sealed class DescribeStreamResponse : StreamResponse
{
    /// <summary>The description.</summary>
    public required DescribeResult Result { get; init; }
}
