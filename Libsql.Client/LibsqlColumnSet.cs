namespace Libsql.Client;

/// <summary>The columns of a result, shared by its rows, with a case-insensitive name lookup.</summary>
internal sealed class LibsqlColumnSet
{
    private readonly Dictionary<string, int> _ordinals;

    public LibsqlColumnSet(IReadOnlyList<LibsqlColumn> columns)
    {
        Columns = columns;
        _ordinals = new Dictionary<string, int>(columns.Count, StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < columns.Count; i++)
        {
            // First column wins, as in SQLite's own name lookup.
            _ordinals.TryAdd(columns[i].Name, i);
        }
    }

    public IReadOnlyList<LibsqlColumn> Columns { get; }

    public int GetOrdinal(string name) => _ordinals.TryGetValue(name, out var ordinal)
        ? ordinal
        : throw new IndexOutOfRangeException($"The result has no column named '{name}'. Columns: {string.Join(", ", Columns.Select(c => c.Name))}.");

    public bool TryGetOrdinal(string name, out int ordinal) => _ordinals.TryGetValue(name, out ordinal);
}
