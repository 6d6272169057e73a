namespace OsakaDx.Platform.Files;

/// <summary>A CSV file that cannot be read or written as asked; the message names the line for the user.</summary>
public sealed class CsvFormatException : FormatException
{
    /// <summary>Creates the exception without a line.</summary>
    public CsvFormatException()
    {
    }

    /// <summary>Creates the exception without a line.</summary>
    public CsvFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception without a line.</summary>
    public CsvFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for a 1-based physical line; the message is prefixed with 「n行目: 」.</summary>
    public CsvFormatException(int lineNumber, string message, string? column = null, Exception? innerException = null)
        : base(column is null ? $"{lineNumber}行目: {message}" : $"{lineNumber}行目「{column}」列: {message}", innerException)
    {
        LineNumber = lineNumber;
        Column = column;
    }

    /// <summary>1-based physical line in the file (the header is line 1); 0 when not about a line.</summary>
    public int LineNumber { get; }

    /// <summary>Header of the offending column, when the problem is in one cell.</summary>
    public string? Column { get; }
}
