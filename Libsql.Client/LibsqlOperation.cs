using System.Diagnostics;
using System.Globalization;

namespace Libsql.Client;

/// <summary>
/// One client operation as seen by telemetry: a CLIENT span named after the operation (and namespace) plus one
/// <c>db.client.operation.duration</c> measurement. Costs nothing beyond a timestamp when nobody listens.
/// </summary>
internal struct LibsqlOperation
{
    private readonly LibsqlClient _client;
    private readonly string _name;
    private readonly long _started;
    private Activity? _activity;
    private bool _finished;

    private LibsqlOperation(LibsqlClient client, string name, Activity? activity)
    {
        _client = client;
        _name = name;
        _activity = activity;
        _started = Stopwatch.GetTimestamp();
    }

    public static LibsqlOperation Start(LibsqlClient client, string name, string? sql, int batchSize = 0)
    {
        var activity = LibsqlTelemetry.Source.HasListeners()
            ? LibsqlTelemetry.Source.StartActivity(client.Namespace is null ? name : $"{name} {client.Namespace}", ActivityKind.Client)
            : null;
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("db.system.name", LibsqlDiagnostics.DbSystemName);
            activity.SetTag("db.operation.name", name);
            if (client.Namespace is not null)
            {
                activity.SetTag("db.namespace", client.Namespace);
            }

            activity.SetTag("server.address", client.Endpoint.Host);
            activity.SetTag("server.port", client.Endpoint.Port);
            if (batchSize >= 2)
            {
                activity.SetTag("db.operation.batch.size", batchSize);
            }

            if (sql is not null && client.RecordQueryText)
            {
                activity.SetTag("db.query.text", sql);
            }
        }

        return new LibsqlOperation(client, name, activity);
    }

    public void Succeed() => Finish(null);

    public void Fail(Exception exception) => Finish(exception);

    private void Finish(Exception? exception)
    {
        if (_finished)
        {
            return;
        }

        _finished = true;
        string? errorType = null;
        string? statusCode = null;
        if (exception is not null)
        {
            (errorType, statusCode) = exception switch
            {
                LibsqlException { Code: { } code } => (code, code),
                LibsqlException { HttpStatusCode: { } http } => (http.ToString(CultureInfo.InvariantCulture), null),
                LibsqlException e => (e.Kind.ToString(), null),
                OperationCanceledException => ("cancelled", null),
                _ => (exception.GetType().FullName ?? "_OTHER", null),
            };
        }

        if (exception is LibsqlException failure)
        {
            LibsqlLog.OperationFailed(_client.Logger, _name, failure.Kind, failure.Code);
        }

        if (_activity is not null)
        {
            if (errorType is not null)
            {
                _activity.SetTag("error.type", errorType);
                if (statusCode is not null)
                {
                    _activity.SetTag("db.response.status_code", statusCode);
                }

                // The description is the error class, not the message: messages may quote statement text.
                _activity.SetStatus(ActivityStatusCode.Error, errorType);
            }

            _activity.Dispose();
            _activity = null;
        }

        if (LibsqlTelemetry.OperationDuration.Enabled)
        {
            var tags = new TagList
            {
                { "db.system.name", LibsqlDiagnostics.DbSystemName },
                { "db.operation.name", _name },
                { "server.address", _client.Endpoint.Host },
                { "server.port", _client.Endpoint.Port },
            };
            if (_client.Namespace is not null)
            {
                tags.Add("db.namespace", _client.Namespace);
            }

            if (errorType is not null)
            {
                tags.Add("error.type", errorType);
                if (statusCode is not null)
                {
                    tags.Add("db.response.status_code", statusCode);
                }
            }

            LibsqlTelemetry.OperationDuration.Record(Stopwatch.GetElapsedTime(_started).TotalSeconds, tags);
        }
    }
}
