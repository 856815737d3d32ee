using Dapper;
using Libsql.Client;
using Microsoft.EntityFrameworkCore;

namespace Libsql.Bench;

/// <summary>
/// (f) a no-tracking read of bench_b's 10,000 rows into objects and (g) 1,000 new rows saved, through EF Core
/// (<c>UseLibsql</c>), Dapper over <see cref="LibsqlConnection"/>, and <see cref="LibsqlClient"/> with hand mapping.
/// </summary>
internal sealed class OrmBench : IBenchSubject, IAsyncDisposable
{
    private const string ReadSql = "SELECT id AS Id, i AS I, t AS T, r AS R FROM bench_b";
    private const string InsertSql = "INSERT INTO bench_g (i, t, r) VALUES (@I, @T, @R)";

    private readonly Kind _kind;
    private readonly string _connectionString;
    private readonly DbContextOptions<BenchContext>? _options;
    private readonly LibsqlClient? _client;

    private OrmBench(string name, Kind kind, string connectionString)
    {
        Name = name;
        _kind = kind;
        _connectionString = connectionString;
        if (kind == Kind.EfCore)
        {
            _options = new DbContextOptionsBuilder<BenchContext>().UseLibsql(connectionString).Options;
        }
        else if (kind == Kind.Client)
        {
            _client = new LibsqlClient(connectionString);
        }
    }

    private enum Kind
    {
        EfCore,
        Dapper,
        Client,
    }

    public string Name { get; }

    public static string WriteTableSql => "CREATE TABLE bench_g (id INTEGER PRIMARY KEY, i INTEGER NOT NULL, t TEXT NOT NULL, r REAL NOT NULL);";

    public static List<OrmBench> All(string connectionString) =>
    [
        new("EF Core (UseLibsql)", Kind.EfCore, connectionString),
        new("Dapper (LibsqlConnection)", Kind.Dapper, connectionString),
        new("LibsqlClient (hand-mapped)", Kind.Client, connectionString),
    ];

    /// <summary>(f) every row of bench_b as objects; returns a checksum.</summary>
    public async Task<long> ReadAsync()
    {
        List<BenchRow> rows;
        switch (_kind)
        {
            case Kind.EfCore:
                await using (var context = new BenchContext(_options!))
                {
                    rows = await context.Rows.AsNoTracking().ToListAsync();
                }

                break;
            case Kind.Dapper:
                await using (var connection = new LibsqlConnection(_connectionString))
                {
                    rows = [.. await connection.QueryAsync<BenchRow>(ReadSql)];
                }

                break;
            default:
                var result = await _client!.ExecuteAsync(ReadSql);
                rows = new List<BenchRow>(result.Rows.Count);
                foreach (var row in result.Rows)
                {
                    rows.Add(new BenchRow { Id = row.GetValue<long>(0), I = row.GetValue<long>(1), T = row.GetValue<string>(2)!, R = row.GetValue<double>(3) });
                }

                break;
        }

        return rows.Sum(r => r.Id + r.I + r.T.Length);
    }

    /// <summary>(g) <paramref name="count"/> new rows, atomically, the way each API is meant to be used for it.</summary>
    public async Task WriteAsync(int count)
    {
        var rows = new List<BenchWrite>(count);
        for (var k = 0; k < count; k++)
        {
            rows.Add(new BenchWrite { I = k, T = "text " + k, R = k * 0.5 });
        }

        switch (_kind)
        {
            case Kind.EfCore:
                await using (var context = new BenchContext(_options!))
                {
                    context.Writes.AddRange(rows);
                    await context.SaveChangesAsync();
                }

                break;
            case Kind.Dapper:
                // Dapper runs the INSERT once per item, here inside one interactive transaction.
                await using (var connection = new LibsqlConnection(_connectionString))
                {
                    await connection.OpenAsync();
                    await using var transaction = await connection.BeginTransactionAsync();
                    await connection.ExecuteAsync(InsertSql, rows, transaction);
                    await transaction.CommitAsync();
                }

                break;
            default:
                await _client!.BatchAsync(
                    rows.Select(r => new LibsqlStatement("INSERT INTO bench_g (i, t, r) VALUES (?, ?, ?)", new object[] { r.I, r.T, r.R })),
                    LibsqlTransactionMode.Write);
                break;
        }
    }

    public ValueTask DisposeAsync() => _client?.DisposeAsync() ?? ValueTask.CompletedTask;

    // Settable properties: Dapper maps INTEGER (long) columns onto them.
    internal sealed class BenchRow
    {
        public long Id { get; set; }

        public long I { get; set; }

        public string T { get; set; } = "";

        public double R { get; set; }
    }

    internal sealed class BenchWrite
    {
        public long Id { get; set; }

        public long I { get; set; }

        public string T { get; set; } = "";

        public double R { get; set; }
    }

    private sealed class BenchContext(DbContextOptions<BenchContext> options) : DbContext(options)
    {
        public DbSet<BenchRow> Rows => Set<BenchRow>();

        public DbSet<BenchWrite> Writes => Set<BenchWrite>();

        protected override void OnModelCreating(ModelBuilder modelBuilder)
        {
            modelBuilder.Entity<BenchRow>(entity =>
            {
                entity.ToTable("bench_b");
                entity.Property(r => r.Id).HasColumnName("id");
                entity.Property(r => r.I).HasColumnName("i");
                entity.Property(r => r.T).HasColumnName("t");
                entity.Property(r => r.R).HasColumnName("r");
            });
            modelBuilder.Entity<BenchWrite>(entity =>
            {
                entity.ToTable("bench_g");
                entity.Property(r => r.Id).HasColumnName("id");
                entity.Property(r => r.I).HasColumnName("i");
                entity.Property(r => r.T).HasColumnName("t");
                entity.Property(r => r.R).HasColumnName("r");
            });
        }
    }
}
