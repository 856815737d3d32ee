namespace Libsql.Auth.Cli;

/// <summary>Reading and writing the key files, with the permissions a private key needs.</summary>
internal static class KeyFiles
{
    /// <summary>The private key file name keygen writes.</summary>
    public const string PrivateKeyName = "jwt_key.pem";

    /// <summary>The public key file name keygen writes.</summary>
    public const string PublicKeyName = "jwt_key.pub";

    /// <summary>
    /// Writes a new file. On Unix a private file is created with mode 600 in the same system call, so the key is
    /// never readable by others, not even for a moment.
    /// </summary>
    /// <param name="path">The file path.</param>
    /// <param name="content">The text, written as UTF-8 without a byte order mark.</param>
    /// <param name="isPrivate">Whether only the owner may read it.</param>
    /// <param name="overwrite">Replace an existing file instead of failing.</param>
    /// <exception cref="UsageException">The file exists and <paramref name="overwrite"/> is false.</exception>
    public static void WriteNew(string path, string content, bool isPrivate, bool overwrite)
    {
        if (File.Exists(path))
        {
            if (!overwrite)
            {
                throw new UsageException($"{path} already exists; pass --force to replace it.");
            }

            // Deleting first makes the new file get its mode at creation instead of keeping the old file's.
            File.Delete(path);
        }

        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (isPrivate && !OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var writer = new StreamWriter(path, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false), options);
        writer.Write(content);
    }

    /// <summary>Reads a whole file, untrimmed, as sqld reads <c>SQLD_AUTH_JWT_KEY_FILE</c>.</summary>
    /// <param name="path">The file path.</param>
    /// <param name="what">What the file should hold, for the error message.</param>
    /// <returns>The text.</returns>
    /// <exception cref="UsageException">The file does not exist.</exception>
    public static string Read(string path, string what)
    {
        if (!File.Exists(path))
        {
            throw new UsageException($"The {what} file {path} does not exist.");
        }

        // Bytes, not ReadAllText: a UTF-8 byte order mark stays in, as it does for sqld, which then rejects the key.
        return System.Text.Encoding.UTF8.GetString(File.ReadAllBytes(path));
    }
}
