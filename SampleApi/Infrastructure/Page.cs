namespace SampleApi.Infrastructure;

/// <summary>One page of a list ordered by id.</summary>
/// <typeparam name="T">The item type.</typeparam>
/// <param name="Items">The items, in ascending id order.</param>
/// <param name="NextAfter">Pass this as <c>after</c> to get the next page; null on the last page.</param>
public sealed record Page<T>(IReadOnlyList<T> Items, long? NextAfter)
{
    /// <summary>The largest page size a client may ask for.</summary>
    public const int MaxLimit = 100;

    /// <summary>The page size when the client does not ask.</summary>
    public const int DefaultLimit = 20;

    /// <summary>
    /// Builds a page from up to <paramref name="limit"/> + 1 rows: the extra row only tells that another page
    /// exists, so the client never gets an empty last page.
    /// </summary>
    internal static Page<T> FromRows(IReadOnlyList<T> rows, int limit, Func<T, long> id) =>
        rows.Count > limit
            ? new Page<T>(rows.Take(limit).ToList(), id(rows[limit - 1]))
            : new Page<T>(rows, null);
}
