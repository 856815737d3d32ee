using System.Diagnostics;
using System.Diagnostics.Metrics;
using Libsql.TestServer;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace Libsql.Client.Tests;

public sealed class TelemetryTests : IAsyncLifetime
{
    private static readonly ActivitySource s_testSource = new("Libsql.Client.Tests.Telemetry");
    private readonly List<Activity> _activities = [];
    private readonly List<(double Value, Dictionary<string, object?> Tags)> _measurements = [];
    private readonly ActivityListener _activityListener;
    private readonly MeterListener _meterListener = new();
    private LibsqlTestServer _server = null!;
    private string _token = null!;
    private ActivityTraceId _traceId;

    public TelemetryTests()
    {
        _activityListener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is LibsqlDiagnostics.ActivitySourceName or "Libsql.Client.Tests.Telemetry",
            Sample = (ref _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (activity.TraceId == _traceId && activity.Source.Name == LibsqlDiagnostics.ActivitySourceName)
                {
                    lock (_activities)
                    {
                        _activities.Add(activity);
                    }
                }
            },
        };
        ActivitySource.AddActivityListener(_activityListener);
        _meterListener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == LibsqlDiagnostics.MeterName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _meterListener.SetMeasurementEventCallback<double>((instrument, value, tags, _) =>
        {
            var dictionary = new Dictionary<string, object?>();
            foreach (var tag in tags)
            {
                dictionary[tag.Key] = tag.Value;
            }

            // Other test classes share the static Meter: keep only this class's server.
            if (instrument.Name == LibsqlDiagnostics.OperationDurationMetricName && Equals(dictionary.GetValueOrDefault("server.port"), _server?.Uri.Port))
            {
                lock (_measurements)
                {
                    _measurements.Add((value, dictionary));
                }
            }
        });
        _meterListener.Start();
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _server = await LibsqlTestServer.StartAsync(new LibsqlTestServerOptions { EnableAuth = true });
        _token = LibsqlClientOptions.Parse(_server.ConnectionString).AuthToken!;
    }

    public async ValueTask DisposeAsync()
    {
        _activityListener.Dispose();
        _meterListener.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Spans_and_durations_follow_the_database_conventions()
    {
        await using var client = new LibsqlClient(_server.ConnectionString);
        using (var root = s_testSource.StartActivity("test"))
        {
            _traceId = root!.TraceId;
            await client.ExecuteAsync("CREATE TABLE t (v UNIQUE)", cancellationToken: Ct);
            await client.BatchAsync([new("INSERT INTO t VALUES (1)"), new("INSERT INTO t VALUES (2)")], cancellationToken: Ct);
            await Assert.ThrowsAsync<LibsqlException>(() => client.ExecuteAsync("INSERT INTO t VALUES (1)", cancellationToken: Ct));
            await foreach (var unused in client.QueryStreamAsync("SELECT v FROM t", cancellationToken: Ct))
            {
            }
        }

        _meterListener.RecordObservableInstruments();
        var spans = Snapshot();
        Assert.Equal(["execute", "batch", "execute", "cursor"], spans.Select(a => a.DisplayName));
        foreach (var span in spans)
        {
            Assert.Equal(ActivityKind.Client, span.Kind);
            Assert.Equal("sqlite", span.GetTagItem("db.system.name"));
            Assert.Equal(span.DisplayName, span.GetTagItem("db.operation.name"));
            Assert.Equal("127.0.0.1", span.GetTagItem("server.address"));
            Assert.Equal(_server.Uri.Port, span.GetTagItem("server.port"));
            Assert.Null(span.GetTagItem("db.query.text"));
        }

        Assert.Equal(2, spans[1].GetTagItem("db.operation.batch.size"));
        Assert.Equal("SQLITE_CONSTRAINT", spans[2].GetTagItem("error.type"));
        Assert.Equal("SQLITE_CONSTRAINT", spans[2].GetTagItem("db.response.status_code"));
        Assert.Equal(ActivityStatusCode.Error, spans[2].Status);
        Assert.Null(spans[0].GetTagItem("error.type"));

        List<(double Value, Dictionary<string, object?> Tags)> measurements;
        lock (_measurements)
        {
            measurements = [.. _measurements];
        }

        Assert.Equal(4, measurements.Count);
        Assert.All(measurements, m => Assert.InRange(m.Value, 0, 30));
        Assert.All(measurements, m => Assert.Equal("sqlite", m.Tags["db.system.name"]));
        Assert.Equal(["execute", "batch", "execute", "cursor"], measurements.Select(m => m.Tags["db.operation.name"]));
        Assert.Equal("SQLITE_CONSTRAINT", measurements[2].Tags["error.type"]);
    }

    [Fact]
    public async Task Query_text_is_recorded_only_when_enabled()
    {
        var options = LibsqlClientOptions.Parse(_server.ConnectionString);
        options.RecordQueryText = true;
        await using var client = new LibsqlClient(options);
        using (var root = s_testSource.StartActivity("test"))
        {
            _traceId = root!.TraceId;
            await client.ExecuteAsync("SELECT :x", new { x = 1 }, Ct);
        }

        Assert.Equal("SELECT :x", Assert.Single(Snapshot()).GetTagItem("db.query.text"));
    }

    [Fact]
    public async Task The_token_appears_in_no_log_exception_span_or_string()
    {
        var logs = new FakeLogCollector();
        using var loggerFactory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(new FakeLoggerProvider(logs)));
        var options = LibsqlClientOptions.Parse(_server.ConnectionString);
        options.RecordQueryText = true;
        options.IncludeStatementInErrors = true;
        await using var client = new LibsqlClient(options, loggerFactory: loggerFactory);
        var texts = new List<string> { client.ToString(), options.ToString() };

        // A client that holds the real token against a server that does not know it (namespace 404, retries logged).
        await using var nsServer = await LibsqlTestServer.StartAsync(new LibsqlTestServerOptions { EnableNamespaces = true }, Ct);
        await using var misdirected = new LibsqlClient(new LibsqlClientOptions { Endpoint = nsServer.Uri, AuthToken = _token, Namespace = "nope" }, loggerFactory: loggerFactory);
        await using var dead = new LibsqlClient(new LibsqlClientOptions { Endpoint = new Uri("http://127.0.0.1:1"), AuthToken = _token, MaxRetryAttempts = 2 }, loggerFactory: loggerFactory);

        using (var root = s_testSource.StartActivity("test"))
        {
            _traceId = root!.TraceId;
            await client.ExecuteAsync("SELECT 1", cancellationToken: Ct);
            texts.Add((await Assert.ThrowsAsync<LibsqlException>(() => client.ExecuteAsync("SELEC", cancellationToken: Ct))).ToString());
            texts.Add((await Assert.ThrowsAsync<LibsqlException>(() => misdirected.ExecuteAsync("SELECT 1", cancellationToken: Ct))).ToString());
            texts.Add((await Assert.ThrowsAsync<LibsqlException>(() => dead.ExecuteAsync("SELECT 1", cancellationToken: Ct))).ToString());
            await using var transaction = await client.BeginTransactionAsync(cancellationToken: Ct);
            texts.Add(transaction.ToString()!);
        }

        texts.AddRange(logs.GetSnapshot().Select(r => r.Message + " " + r.Exception));
        texts.AddRange(Snapshot().SelectMany(a => a.TagObjects.Select(t => $"{t.Key}={t.Value}").Append(a.StatusDescription ?? "").Append(a.DisplayName)));

        Assert.Contains(logs.GetSnapshot(), r => r.Level == LogLevel.Warning && r.Message.Contains("retry", StringComparison.Ordinal));
        Assert.All(texts, text => Assert.DoesNotContain(_token, text, StringComparison.Ordinal));
    }

    private List<Activity> Snapshot()
    {
        lock (_activities)
        {
            return [.. _activities.OrderBy(a => a.StartTimeUtc)];
        }
    }
}
