
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'baitech' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'baitech'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'baitech' {
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Read variables from this file instead of ./.env (the environment still wins)')
            [CompletionResult]::new('--environment', '--environment', [CompletionResultType]::ParameterName, 'development | test | production [env: BAITECH_ENV]')
            [CompletionResult]::new('--mongodb-uri', '--mongodb-uri', [CompletionResultType]::ParameterName, 'MongoDB connection string; unset = embedded store [env: MONGODB_URI]')
            [CompletionResult]::new('--mongodb-db', '--mongodb-db', [CompletionResultType]::ParameterName, 'MongoDB database name [env: MONGODB_DB]')
            [CompletionResult]::new('--redis-url', '--redis-url', [CompletionResultType]::ParameterName, 'Redis URL; unset = in-process cache [env: REDIS_URL]')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Embedded store directory [env: BAITECH_DATA]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine-readable JSON output instead of tables and text')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output (-v debug, -vv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output (-v debug, -vv trace)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only warnings and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only warnings and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'Run the HTTP API server')
            [CompletionResult]::new('health', 'health', [CompletionResultType]::ParameterValue, 'Check the store, the cache and optionally a running server')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print shell completions')
            [CompletionResult]::new('seed', 'seed', [CompletionResultType]::ParameterValue, 'Load the fixture set (admin account and demo data) and generate data at scale')
            [CompletionResult]::new('cleanup', 'cleanup', [CompletionResultType]::ParameterValue, 'Remove old messages and notifications, expired tokens and deleted conversations')
            [CompletionResult]::new('indexes', 'indexes', [CompletionResultType]::ParameterValue, 'Create the indexes the product needs (idempotent)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'baitech;serve' {
            [CompletionResult]::new('--addr', '--addr', [CompletionResultType]::ParameterName, 'Listen address [env: BAITECH_ADDR, PORT; default 127.0.0.1:5000]')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Read variables from this file instead of ./.env (the environment still wins)')
            [CompletionResult]::new('--environment', '--environment', [CompletionResultType]::ParameterName, 'development | test | production [env: BAITECH_ENV]')
            [CompletionResult]::new('--mongodb-uri', '--mongodb-uri', [CompletionResultType]::ParameterName, 'MongoDB connection string; unset = embedded store [env: MONGODB_URI]')
            [CompletionResult]::new('--mongodb-db', '--mongodb-db', [CompletionResultType]::ParameterName, 'MongoDB database name [env: MONGODB_DB]')
            [CompletionResult]::new('--redis-url', '--redis-url', [CompletionResultType]::ParameterName, 'Redis URL; unset = in-process cache [env: REDIS_URL]')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Embedded store directory [env: BAITECH_DATA]')
            [CompletionResult]::new('--no-indexes', '--no-indexes', [CompletionResultType]::ParameterName, 'Skip creating indexes at start-up in development')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine-readable JSON output instead of tables and text')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output (-v debug, -vv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output (-v debug, -vv trace)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only warnings and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only warnings and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'baitech;health' {
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Also check a running server''s /health/ready, e.g. http://127.0.0.1:5000')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Read variables from this file instead of ./.env (the environment still wins)')
            [CompletionResult]::new('--environment', '--environment', [CompletionResultType]::ParameterName, 'development | test | production [env: BAITECH_ENV]')
            [CompletionResult]::new('--mongodb-uri', '--mongodb-uri', [CompletionResultType]::ParameterName, 'MongoDB connection string; unset = embedded store [env: MONGODB_URI]')
            [CompletionResult]::new('--mongodb-db', '--mongodb-db', [CompletionResultType]::ParameterName, 'MongoDB database name [env: MONGODB_DB]')
            [CompletionResult]::new('--redis-url', '--redis-url', [CompletionResultType]::ParameterName, 'Redis URL; unset = in-process cache [env: REDIS_URL]')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Embedded store directory [env: BAITECH_DATA]')
            [CompletionResult]::new('--no-stats', '--no-stats', [CompletionResultType]::ParameterName, 'Skip the per-collection statistics')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine-readable JSON output instead of tables and text')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output (-v debug, -vv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output (-v debug, -vv trace)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only warnings and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only warnings and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'baitech;completions' {
            [CompletionResult]::new('--out-dir', '--out-dir', [CompletionResultType]::ParameterName, 'Write the script into this directory instead of printing it')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Read variables from this file instead of ./.env (the environment still wins)')
            [CompletionResult]::new('--environment', '--environment', [CompletionResultType]::ParameterName, 'development | test | production [env: BAITECH_ENV]')
            [CompletionResult]::new('--mongodb-uri', '--mongodb-uri', [CompletionResultType]::ParameterName, 'MongoDB connection string; unset = embedded store [env: MONGODB_URI]')
            [CompletionResult]::new('--mongodb-db', '--mongodb-db', [CompletionResultType]::ParameterName, 'MongoDB database name [env: MONGODB_DB]')
            [CompletionResult]::new('--redis-url', '--redis-url', [CompletionResultType]::ParameterName, 'Redis URL; unset = in-process cache [env: REDIS_URL]')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Embedded store directory [env: BAITECH_DATA]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine-readable JSON output instead of tables and text')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output (-v debug, -vv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output (-v debug, -vv trace)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only warnings and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only warnings and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'baitech;seed' {
            [CompletionResult]::new('--users', '--users', [CompletionResultType]::ParameterName, 'Generate this many users (~40% technicians, the rest customers)')
            [CompletionResult]::new('--posts', '--posts', [CompletionResultType]::ParameterName, 'Generate this many posts by technicians')
            [CompletionResult]::new('--bookings', '--bookings', [CompletionResultType]::ParameterName, 'Generate this many bookings between customers and technicians, in every state')
            [CompletionResult]::new('--messages', '--messages', [CompletionResultType]::ParameterName, 'Generate this many chat messages (in conversations of about twenty)')
            [CompletionResult]::new('--seed', '--seed', [CompletionResultType]::ParameterName, 'Random seed; the same seed and --as-of give the same data (default: random, reported)')
            [CompletionResult]::new('--batch-size', '--batch-size', [CompletionResultType]::ParameterName, 'Documents per bulk insert')
            [CompletionResult]::new('--as-of', '--as-of', [CompletionResultType]::ParameterName, 'The "now" of generated data, RFC 3339 (default: the start of today, UTC)')
            [CompletionResult]::new('--admin-password', '--admin-password', [CompletionResultType]::ParameterName, 'Password of admin@baitech.co.ke (default: generated and printed once)')
            [CompletionResult]::new('--demo-password', '--demo-password', [CompletionResultType]::ParameterName, 'Password of the other fixture users (default: generated and printed once)')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Read variables from this file instead of ./.env (the environment still wins)')
            [CompletionResult]::new('--environment', '--environment', [CompletionResultType]::ParameterName, 'development | test | production [env: BAITECH_ENV]')
            [CompletionResult]::new('--mongodb-uri', '--mongodb-uri', [CompletionResultType]::ParameterName, 'MongoDB connection string; unset = embedded store [env: MONGODB_URI]')
            [CompletionResult]::new('--mongodb-db', '--mongodb-db', [CompletionResultType]::ParameterName, 'MongoDB database name [env: MONGODB_DB]')
            [CompletionResult]::new('--redis-url', '--redis-url', [CompletionResultType]::ParameterName, 'Redis URL; unset = in-process cache [env: REDIS_URL]')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Embedded store directory [env: BAITECH_DATA]')
            [CompletionResult]::new('--no-fixtures', '--no-fixtures', [CompletionResultType]::ParameterName, 'Do not load the fixture set, only generate')
            [CompletionResult]::new('--reset', '--reset', [CompletionResultType]::ParameterName, 'Delete every document of every collection first')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Allow seeding a production environment')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine-readable JSON output instead of tables and text')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output (-v debug, -vv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output (-v debug, -vv trace)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only warnings and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only warnings and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'baitech;cleanup' {
            [CompletionResult]::new('--batch-size', '--batch-size', [CompletionResultType]::ParameterName, 'Documents per delete batch')
            [CompletionResult]::new('--message-days', '--message-days', [CompletionResultType]::ParameterName, 'Remove messages older than this many days [default: MESSAGE_RETENTION_DAYS or 90]')
            [CompletionResult]::new('--notification-days', '--notification-days', [CompletionResultType]::ParameterName, 'Remove read notifications older than this many days [default: NOTIFICATION_RETENTION_DAYS or 30]')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Read variables from this file instead of ./.env (the environment still wins)')
            [CompletionResult]::new('--environment', '--environment', [CompletionResultType]::ParameterName, 'development | test | production [env: BAITECH_ENV]')
            [CompletionResult]::new('--mongodb-uri', '--mongodb-uri', [CompletionResultType]::ParameterName, 'MongoDB connection string; unset = embedded store [env: MONGODB_URI]')
            [CompletionResult]::new('--mongodb-db', '--mongodb-db', [CompletionResultType]::ParameterName, 'MongoDB database name [env: MONGODB_DB]')
            [CompletionResult]::new('--redis-url', '--redis-url', [CompletionResultType]::ParameterName, 'Redis URL; unset = in-process cache [env: REDIS_URL]')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Embedded store directory [env: BAITECH_DATA]')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Count what each rule would remove; change nothing')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine-readable JSON output instead of tables and text')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output (-v debug, -vv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output (-v debug, -vv trace)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only warnings and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only warnings and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'baitech;indexes' {
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Read variables from this file instead of ./.env (the environment still wins)')
            [CompletionResult]::new('--environment', '--environment', [CompletionResultType]::ParameterName, 'development | test | production [env: BAITECH_ENV]')
            [CompletionResult]::new('--mongodb-uri', '--mongodb-uri', [CompletionResultType]::ParameterName, 'MongoDB connection string; unset = embedded store [env: MONGODB_URI]')
            [CompletionResult]::new('--mongodb-db', '--mongodb-db', [CompletionResultType]::ParameterName, 'MongoDB database name [env: MONGODB_DB]')
            [CompletionResult]::new('--redis-url', '--redis-url', [CompletionResultType]::ParameterName, 'Redis URL; unset = in-process cache [env: REDIS_URL]')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Embedded store directory [env: BAITECH_DATA]')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Report what would be created or rebuilt; change nothing')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine-readable JSON output instead of tables and text')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output (-v debug, -vv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output (-v debug, -vv trace)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only warnings and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only warnings and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'baitech;help' {
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'Run the HTTP API server')
            [CompletionResult]::new('health', 'health', [CompletionResultType]::ParameterValue, 'Check the store, the cache and optionally a running server')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print shell completions')
            [CompletionResult]::new('seed', 'seed', [CompletionResultType]::ParameterValue, 'Load the fixture set (admin account and demo data) and generate data at scale')
            [CompletionResult]::new('cleanup', 'cleanup', [CompletionResultType]::ParameterValue, 'Remove old messages and notifications, expired tokens and deleted conversations')
            [CompletionResult]::new('indexes', 'indexes', [CompletionResultType]::ParameterValue, 'Create the indexes the product needs (idempotent)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'baitech;help;serve' {
            break
        }
        'baitech;help;health' {
            break
        }
        'baitech;help;completions' {
            break
        }
        'baitech;help;seed' {
            break
        }
        'baitech;help;cleanup' {
            break
        }
        'baitech;help;indexes' {
            break
        }
        'baitech;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
