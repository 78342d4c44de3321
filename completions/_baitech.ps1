
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
            [CompletionResult]::new('settlements', 'settlements', [CompletionResultType]::ParameterValue, 'Transactions, payout batches, reconciliation of the books and technician payouts')
            [CompletionResult]::new('disputes', 'disputes', [CompletionResultType]::ParameterValue, 'Bookings in dispute: list them, show one, settle one as an admin')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Stream a dataset (bookings, transactions, ledger, ...) to CSV, JSON or NDJSON')
            [CompletionResult]::new('moderate', 'moderate', [CompletionResultType]::ParameterValue, 'The moderation queue of posts, comments and reviews: review, approve, remove, and the log')
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
            [CompletionResult]::new('--deep', '--deep', [CompletionResultType]::ParameterName, 'Also recompute rating statistics from the reviews and report users whose counters drifted (exit code 1 when any did)')
            [CompletionResult]::new('--repair', '--repair', [CompletionResultType]::ParameterName, 'With --deep: replace drifted counters with the recomputed ones')
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
            [CompletionResult]::new('--delivery-days', '--delivery-days', [CompletionResultType]::ParameterName, 'Remove finished notification deliveries unchanged for this many days [default: DELIVERY_RETENTION_DAYS or 30]')
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
        'baitech;settlements' {
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
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Transactions, newest first, filtered')
            [CompletionResult]::new('batches', 'batches', [CompletionResultType]::ParameterValue, 'Payout batches, newest first')
            [CompletionResult]::new('reconcile', 'reconcile', [CompletionResultType]::ParameterValue, 'Check that the books balance; exits 1 when anything does not add up')
            [CompletionResult]::new('payout', 'payout', [CompletionResultType]::ParameterValue, 'Pay technicians what they are owed over M-Pesa (a dry run unless --execute)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'baitech;settlements;list' {
            [CompletionResult]::new('--status', '--status', [CompletionResultType]::ParameterName, 'Only these statuses (comma-separated)')
            [CompletionResult]::new('--type', '--type', [CompletionResultType]::ParameterName, 'Only this type')
            [CompletionResult]::new('--gateway', '--gateway', [CompletionResultType]::ParameterName, 'Only this gateway')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'Only transactions this user paid (user id)')
            [CompletionResult]::new('--booking', '--booking', [CompletionResultType]::ParameterName, 'Only this booking''s transactions (booking id)')
            [CompletionResult]::new('--from', '--from', [CompletionResultType]::ParameterName, 'Created at or after this time (RFC 3339)')
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'Created at or before this time (RFC 3339)')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'At most this many transactions (the store is read page by page)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format (`--json` means json)')
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
        'baitech;settlements;batches' {
            [CompletionResult]::new('--status', '--status', [CompletionResultType]::ParameterName, 'Only these statuses (comma-separated)')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'At most this many batches')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format (`--json` means json)')
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
        'baitech;settlements;reconcile' {
            [CompletionResult]::new('--escrow-grace-hours', '--escrow-grace-hours', [CompletionResultType]::ParameterName, 'Report escrow held this many hours past its release time')
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
        'baitech;settlements;payout' {
            [CompletionResult]::new('--min-amount', '--min-amount', [CompletionResultType]::ParameterName, 'Pay only technicians owed at least this much (KES, e.g. 100 or 250.50)')
            [CompletionResult]::new('--admin', '--admin', [CompletionResultType]::ParameterName, 'E-mail of the admin recorded as creating the batch [default: the first active admin]')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Read variables from this file instead of ./.env (the environment still wins)')
            [CompletionResult]::new('--environment', '--environment', [CompletionResultType]::ParameterName, 'development | test | production [env: BAITECH_ENV]')
            [CompletionResult]::new('--mongodb-uri', '--mongodb-uri', [CompletionResultType]::ParameterName, 'MongoDB connection string; unset = embedded store [env: MONGODB_URI]')
            [CompletionResult]::new('--mongodb-db', '--mongodb-db', [CompletionResultType]::ParameterName, 'MongoDB database name [env: MONGODB_DB]')
            [CompletionResult]::new('--redis-url', '--redis-url', [CompletionResultType]::ParameterName, 'Redis URL; unset = in-process cache [env: REDIS_URL]')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Embedded store directory [env: BAITECH_DATA]')
            [CompletionResult]::new('--execute', '--execute', [CompletionResultType]::ParameterName, 'Pay for real; without it nothing is paid')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (needed without a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (needed without a terminal)')
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
        'baitech;settlements;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Transactions, newest first, filtered')
            [CompletionResult]::new('batches', 'batches', [CompletionResultType]::ParameterValue, 'Payout batches, newest first')
            [CompletionResult]::new('reconcile', 'reconcile', [CompletionResultType]::ParameterValue, 'Check that the books balance; exits 1 when anything does not add up')
            [CompletionResult]::new('payout', 'payout', [CompletionResultType]::ParameterValue, 'Pay technicians what they are owed over M-Pesa (a dry run unless --execute)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'baitech;settlements;help;list' {
            break
        }
        'baitech;settlements;help;batches' {
            break
        }
        'baitech;settlements;help;reconcile' {
            break
        }
        'baitech;settlements;help;payout' {
            break
        }
        'baitech;settlements;help;help' {
            break
        }
        'baitech;disputes' {
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
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Bookings in dispute, newest first')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'One dispute: parties, timeline, evidence, money, audit trail and the booking''s chat')
            [CompletionResult]::new('resolve', 'resolve', [CompletionResultType]::ParameterValue, 'Settle a dispute as an admin: refund the customer, release to the technician, or split')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'baitech;disputes;list' {
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'At most this many bookings')
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
        'baitech;disputes;show' {
            [CompletionResult]::new('--messages', '--messages', [CompletionResultType]::ParameterName, 'Show this many of the chat''s last messages')
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
        'baitech;disputes;resolve' {
            [CompletionResult]::new('--outcome', '--outcome', [CompletionResultType]::ParameterName, 'How the dispute is settled (asked for at a terminal when left out)')
            [CompletionResult]::new('--amount', '--amount', [CompletionResultType]::ParameterName, 'Refund to the customer in KES: required for refund_partial; split defaults to half')
            [CompletionResult]::new('--reason', '--reason', [CompletionResultType]::ParameterName, 'Why (kept on the booking and in the audit log)')
            [CompletionResult]::new('--admin', '--admin', [CompletionResultType]::ParameterName, 'E-mail of the admin acting [default: the first active admin]')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Read variables from this file instead of ./.env (the environment still wins)')
            [CompletionResult]::new('--environment', '--environment', [CompletionResultType]::ParameterName, 'development | test | production [env: BAITECH_ENV]')
            [CompletionResult]::new('--mongodb-uri', '--mongodb-uri', [CompletionResultType]::ParameterName, 'MongoDB connection string; unset = embedded store [env: MONGODB_URI]')
            [CompletionResult]::new('--mongodb-db', '--mongodb-db', [CompletionResultType]::ParameterName, 'MongoDB database name [env: MONGODB_DB]')
            [CompletionResult]::new('--redis-url', '--redis-url', [CompletionResultType]::ParameterName, 'Redis URL; unset = in-process cache [env: REDIS_URL]')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Embedded store directory [env: BAITECH_DATA]')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (needed without a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (needed without a terminal)')
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
        'baitech;disputes;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Bookings in dispute, newest first')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'One dispute: parties, timeline, evidence, money, audit trail and the booking''s chat')
            [CompletionResult]::new('resolve', 'resolve', [CompletionResultType]::ParameterValue, 'Settle a dispute as an admin: refund the customer, release to the technician, or split')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'baitech;disputes;help;list' {
            break
        }
        'baitech;disputes;help;show' {
            break
        }
        'baitech;disputes;help;resolve' {
            break
        }
        'baitech;disputes;help;help' {
            break
        }
        'baitech;export' {
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
            [CompletionResult]::new('bookings', 'bookings', [CompletionResultType]::ParameterValue, 'Bookings with their price breakdown, by creation time')
            [CompletionResult]::new('transactions', 'transactions', [CompletionResultType]::ParameterValue, 'Payments, refunds and payouts with their split, by creation time')
            [CompletionResult]::new('settlements', 'settlements', [CompletionResultType]::ParameterValue, 'Payout batches, one row per payout item, by batch creation time')
            [CompletionResult]::new('ledger', 'ledger', [CompletionResultType]::ParameterValue, 'Ledger lines (double entry), by posting time')
            [CompletionResult]::new('users', 'users', [CompletionResultType]::ParameterValue, 'User accounts, by creation time')
            [CompletionResult]::new('technicians', 'technicians', [CompletionResultType]::ParameterValue, 'Technicians with their trades, statistics and earnings, by account creation time')
            [CompletionResult]::new('audit', 'audit', [CompletionResultType]::ParameterValue, 'The audit log of privileged actions, by time of action')
            [CompletionResult]::new('reviews', 'reviews', [CompletionResultType]::ParameterValue, 'Reviews with their ratings, moderation and votes, by creation time')
            [CompletionResult]::new('posts', 'posts', [CompletionResultType]::ParameterValue, 'Feed posts with their engagement and moderation, by creation time')
            [CompletionResult]::new('moderation', 'moderation', [CompletionResultType]::ParameterValue, 'Moderation decisions on posts, comments and reviews (from the audit log), by time')
            [CompletionResult]::new('notifications', 'notifications', [CompletionResultType]::ParameterValue, 'Notifications, one row per channel with delivery status, attempts and SMS cost, by creation time')
            [CompletionResult]::new('columns', 'columns', [CompletionResultType]::ParameterValue, 'The columns of each dataset: CSV header, meaning, and whether it is personal data')
            [CompletionResult]::new('report', 'report', [CompletionResultType]::ParameterValue, 'An operators'' report: revenue, technicians, bookings (the funnel) or disputes')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'baitech;export;bookings' {
            [CompletionResult]::new('--from', '--from', [CompletionResultType]::ParameterName, 'Start of the range, inclusive: a date (midnight in --tz), a local time, or RFC 3339')
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'End of the range, exclusive: a date (midnight in --tz), a local time, or RFC 3339')
            [CompletionResult]::new('--tz', '--tz', [CompletionResultType]::ParameterName, 'Time zone dates are read in and CSV times written in (IANA name)')
            [CompletionResult]::new('--status', '--status', [CompletionResultType]::ParameterName, 'Only rows in this state (bookings, transactions, settlements, users, technicians, reviews; posts by moderation state; moderation by decision: approve or remove)')
            [CompletionResult]::new('--city', '--city', [CompletionResultType]::ParameterName, 'Only this city, any case (bookings, users, technicians, posts)')
            [CompletionResult]::new('--category', '--category', [CompletionResultType]::ParameterName, 'Only this service category (bookings, technicians, posts)')
            [CompletionResult]::new('--technician', '--technician', [CompletionResultType]::ParameterName, 'Only this technician''s rows, by user id (bookings, transactions, settlements; reviews by or about them)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--columns', '--columns', [CompletionResultType]::ParameterName, 'Columns to write, in this order, comma-separated (see `export columns`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write here instead of stdout; a name ending in .gz is gzip-compressed')
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'Write here instead of stdout; a name ending in .gz is gzip-compressed')
            [CompletionResult]::new('--admin', '--admin', [CompletionResultType]::ParameterName, 'E-mail of the admin exporting, named in the audit entry [default: the first active admin]')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Read variables from this file instead of ./.env (the environment still wins)')
            [CompletionResult]::new('--environment', '--environment', [CompletionResultType]::ParameterName, 'development | test | production [env: BAITECH_ENV]')
            [CompletionResult]::new('--mongodb-uri', '--mongodb-uri', [CompletionResultType]::ParameterName, 'MongoDB connection string; unset = embedded store [env: MONGODB_URI]')
            [CompletionResult]::new('--mongodb-db', '--mongodb-db', [CompletionResultType]::ParameterName, 'MongoDB database name [env: MONGODB_DB]')
            [CompletionResult]::new('--redis-url', '--redis-url', [CompletionResultType]::ParameterName, 'Redis URL; unset = in-process cache [env: REDIS_URL]')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Embedded store directory [env: BAITECH_DATA]')
            [CompletionResult]::new('--include-pii', '--include-pii', [CompletionResultType]::ParameterName, 'Include personal data (names, e-mails, phones, addresses); writes an audit entry')
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
        'baitech;export;transactions' {
            [CompletionResult]::new('--from', '--from', [CompletionResultType]::ParameterName, 'Start of the range, inclusive: a date (midnight in --tz), a local time, or RFC 3339')
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'End of the range, exclusive: a date (midnight in --tz), a local time, or RFC 3339')
            [CompletionResult]::new('--tz', '--tz', [CompletionResultType]::ParameterName, 'Time zone dates are read in and CSV times written in (IANA name)')
            [CompletionResult]::new('--status', '--status', [CompletionResultType]::ParameterName, 'Only rows in this state (bookings, transactions, settlements, users, technicians, reviews; posts by moderation state; moderation by decision: approve or remove)')
            [CompletionResult]::new('--city', '--city', [CompletionResultType]::ParameterName, 'Only this city, any case (bookings, users, technicians, posts)')
            [CompletionResult]::new('--category', '--category', [CompletionResultType]::ParameterName, 'Only this service category (bookings, technicians, posts)')
            [CompletionResult]::new('--technician', '--technician', [CompletionResultType]::ParameterName, 'Only this technician''s rows, by user id (bookings, transactions, settlements; reviews by or about them)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--columns', '--columns', [CompletionResultType]::ParameterName, 'Columns to write, in this order, comma-separated (see `export columns`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write here instead of stdout; a name ending in .gz is gzip-compressed')
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'Write here instead of stdout; a name ending in .gz is gzip-compressed')
            [CompletionResult]::new('--admin', '--admin', [CompletionResultType]::ParameterName, 'E-mail of the admin exporting, named in the audit entry [default: the first active admin]')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Read variables from this file instead of ./.env (the environment still wins)')
            [CompletionResult]::new('--environment', '--environment', [CompletionResultType]::ParameterName, 'development | test | production [env: BAITECH_ENV]')
            [CompletionResult]::new('--mongodb-uri', '--mongodb-uri', [CompletionResultType]::ParameterName, 'MongoDB connection string; unset = embedded store [env: MONGODB_URI]')
            [CompletionResult]::new('--mongodb-db', '--mongodb-db', [CompletionResultType]::ParameterName, 'MongoDB database name [env: MONGODB_DB]')
            [CompletionResult]::new('--redis-url', '--redis-url', [CompletionResultType]::ParameterName, 'Redis URL; unset = in-process cache [env: REDIS_URL]')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Embedded store directory [env: BAITECH_DATA]')
            [CompletionResult]::new('--include-pii', '--include-pii', [CompletionResultType]::ParameterName, 'Include personal data (names, e-mails, phones, addresses); writes an audit entry')
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
        'baitech;export;settlements' {
            [CompletionResult]::new('--from', '--from', [CompletionResultType]::ParameterName, 'Start of the range, inclusive: a date (midnight in --tz), a local time, or RFC 3339')
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'End of the range, exclusive: a date (midnight in --tz), a local time, or RFC 3339')
            [CompletionResult]::new('--tz', '--tz', [CompletionResultType]::ParameterName, 'Time zone dates are read in and CSV times written in (IANA name)')
            [CompletionResult]::new('--status', '--status', [CompletionResultType]::ParameterName, 'Only rows in this state (bookings, transactions, settlements, users, technicians, reviews; posts by moderation state; moderation by decision: approve or remove)')
            [CompletionResult]::new('--city', '--city', [CompletionResultType]::ParameterName, 'Only this city, any case (bookings, users, technicians, posts)')
            [CompletionResult]::new('--category', '--category', [CompletionResultType]::ParameterName, 'Only this service category (bookings, technicians, posts)')
            [CompletionResult]::new('--technician', '--technician', [CompletionResultType]::ParameterName, 'Only this technician''s rows, by user id (bookings, transactions, settlements; reviews by or about them)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--columns', '--columns', [CompletionResultType]::ParameterName, 'Columns to write, in this order, comma-separated (see `export columns`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write here instead of stdout; a name ending in .gz is gzip-compressed')
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'Write here instead of stdout; a name ending in .gz is gzip-compressed')
            [CompletionResult]::new('--admin', '--admin', [CompletionResultType]::ParameterName, 'E-mail of the admin exporting, named in the audit entry [default: the first active admin]')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Read variables from this file instead of ./.env (the environment still wins)')
            [CompletionResult]::new('--environment', '--environment', [CompletionResultType]::ParameterName, 'development | test | production [env: BAITECH_ENV]')
            [CompletionResult]::new('--mongodb-uri', '--mongodb-uri', [CompletionResultType]::ParameterName, 'MongoDB connection string; unset = embedded store [env: MONGODB_URI]')
            [CompletionResult]::new('--mongodb-db', '--mongodb-db', [CompletionResultType]::ParameterName, 'MongoDB database name [env: MONGODB_DB]')
            [CompletionResult]::new('--redis-url', '--redis-url', [CompletionResultType]::ParameterName, 'Redis URL; unset = in-process cache [env: REDIS_URL]')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Embedded store directory [env: BAITECH_DATA]')
            [CompletionResult]::new('--include-pii', '--include-pii', [CompletionResultType]::ParameterName, 'Include personal data (names, e-mails, phones, addresses); writes an audit entry')
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
        'baitech;export;ledger' {
            [CompletionResult]::new('--from', '--from', [CompletionResultType]::ParameterName, 'Start of the range, inclusive: a date (midnight in --tz), a local time, or RFC 3339')
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'End of the range, exclusive: a date (midnight in --tz), a local time, or RFC 3339')
            [CompletionResult]::new('--tz', '--tz', [CompletionResultType]::ParameterName, 'Time zone dates are read in and CSV times written in (IANA name)')
            [CompletionResult]::new('--status', '--status', [CompletionResultType]::ParameterName, 'Only rows in this state (bookings, transactions, settlements, users, technicians, reviews; posts by moderation state; moderation by decision: approve or remove)')
            [CompletionResult]::new('--city', '--city', [CompletionResultType]::ParameterName, 'Only this city, any case (bookings, users, technicians, posts)')
            [CompletionResult]::new('--category', '--category', [CompletionResultType]::ParameterName, 'Only this service category (bookings, technicians, posts)')
            [CompletionResult]::new('--technician', '--technician', [CompletionResultType]::ParameterName, 'Only this technician''s rows, by user id (bookings, transactions, settlements; reviews by or about them)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--columns', '--columns', [CompletionResultType]::ParameterName, 'Columns to write, in this order, comma-separated (see `export columns`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write here instead of stdout; a name ending in .gz is gzip-compressed')
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'Write here instead of stdout; a name ending in .gz is gzip-compressed')
            [CompletionResult]::new('--admin', '--admin', [CompletionResultType]::ParameterName, 'E-mail of the admin exporting, named in the audit entry [default: the first active admin]')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Read variables from this file instead of ./.env (the environment still wins)')
            [CompletionResult]::new('--environment', '--environment', [CompletionResultType]::ParameterName, 'development | test | production [env: BAITECH_ENV]')
            [CompletionResult]::new('--mongodb-uri', '--mongodb-uri', [CompletionResultType]::ParameterName, 'MongoDB connection string; unset = embedded store [env: MONGODB_URI]')
            [CompletionResult]::new('--mongodb-db', '--mongodb-db', [CompletionResultType]::ParameterName, 'MongoDB database name [env: MONGODB_DB]')
            [CompletionResult]::new('--redis-url', '--redis-url', [CompletionResultType]::ParameterName, 'Redis URL; unset = in-process cache [env: REDIS_URL]')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Embedded store directory [env: BAITECH_DATA]')
            [CompletionResult]::new('--include-pii', '--include-pii', [CompletionResultType]::ParameterName, 'Include personal data (names, e-mails, phones, addresses); writes an audit entry')
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
        'baitech;export;users' {
            [CompletionResult]::new('--from', '--from', [CompletionResultType]::ParameterName, 'Start of the range, inclusive: a date (midnight in --tz), a local time, or RFC 3339')
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'End of the range, exclusive: a date (midnight in --tz), a local time, or RFC 3339')
            [CompletionResult]::new('--tz', '--tz', [CompletionResultType]::ParameterName, 'Time zone dates are read in and CSV times written in (IANA name)')
            [CompletionResult]::new('--status', '--status', [CompletionResultType]::ParameterName, 'Only rows in this state (bookings, transactions, settlements, users, technicians, reviews; posts by moderation state; moderation by decision: approve or remove)')
            [CompletionResult]::new('--city', '--city', [CompletionResultType]::ParameterName, 'Only this city, any case (bookings, users, technicians, posts)')
            [CompletionResult]::new('--category', '--category', [CompletionResultType]::ParameterName, 'Only this service category (bookings, technicians, posts)')
            [CompletionResult]::new('--technician', '--technician', [CompletionResultType]::ParameterName, 'Only this technician''s rows, by user id (bookings, transactions, settlements; reviews by or about them)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--columns', '--columns', [CompletionResultType]::ParameterName, 'Columns to write, in this order, comma-separated (see `export columns`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write here instead of stdout; a name ending in .gz is gzip-compressed')
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'Write here instead of stdout; a name ending in .gz is gzip-compressed')
            [CompletionResult]::new('--admin', '--admin', [CompletionResultType]::ParameterName, 'E-mail of the admin exporting, named in the audit entry [default: the first active admin]')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Read variables from this file instead of ./.env (the environment still wins)')
            [CompletionResult]::new('--environment', '--environment', [CompletionResultType]::ParameterName, 'development | test | production [env: BAITECH_ENV]')
            [CompletionResult]::new('--mongodb-uri', '--mongodb-uri', [CompletionResultType]::ParameterName, 'MongoDB connection string; unset = embedded store [env: MONGODB_URI]')
            [CompletionResult]::new('--mongodb-db', '--mongodb-db', [CompletionResultType]::ParameterName, 'MongoDB database name [env: MONGODB_DB]')
            [CompletionResult]::new('--redis-url', '--redis-url', [CompletionResultType]::ParameterName, 'Redis URL; unset = in-process cache [env: REDIS_URL]')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Embedded store directory [env: BAITECH_DATA]')
            [CompletionResult]::new('--include-pii', '--include-pii', [CompletionResultType]::ParameterName, 'Include personal data (names, e-mails, phones, addresses); writes an audit entry')
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
        'baitech;export;technicians' {
            [CompletionResult]::new('--from', '--from', [CompletionResultType]::ParameterName, 'Start of the range, inclusive: a date (midnight in --tz), a local time, or RFC 3339')
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'End of the range, exclusive: a date (midnight in --tz), a local time, or RFC 3339')
            [CompletionResult]::new('--tz', '--tz', [CompletionResultType]::ParameterName, 'Time zone dates are read in and CSV times written in (IANA name)')
            [CompletionResult]::new('--status', '--status', [CompletionResultType]::ParameterName, 'Only rows in this state (bookings, transactions, settlements, users, technicians, reviews; posts by moderation state; moderation by decision: approve or remove)')
            [CompletionResult]::new('--city', '--city', [CompletionResultType]::ParameterName, 'Only this city, any case (bookings, users, technicians, posts)')
            [CompletionResult]::new('--category', '--category', [CompletionResultType]::ParameterName, 'Only this service category (bookings, technicians, posts)')
            [CompletionResult]::new('--technician', '--technician', [CompletionResultType]::ParameterName, 'Only this technician''s rows, by user id (bookings, transactions, settlements; reviews by or about them)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--columns', '--columns', [CompletionResultType]::ParameterName, 'Columns to write, in this order, comma-separated (see `export columns`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write here instead of stdout; a name ending in .gz is gzip-compressed')
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'Write here instead of stdout; a name ending in .gz is gzip-compressed')
            [CompletionResult]::new('--admin', '--admin', [CompletionResultType]::ParameterName, 'E-mail of the admin exporting, named in the audit entry [default: the first active admin]')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Read variables from this file instead of ./.env (the environment still wins)')
            [CompletionResult]::new('--environment', '--environment', [CompletionResultType]::ParameterName, 'development | test | production [env: BAITECH_ENV]')
            [CompletionResult]::new('--mongodb-uri', '--mongodb-uri', [CompletionResultType]::ParameterName, 'MongoDB connection string; unset = embedded store [env: MONGODB_URI]')
            [CompletionResult]::new('--mongodb-db', '--mongodb-db', [CompletionResultType]::ParameterName, 'MongoDB database name [env: MONGODB_DB]')
            [CompletionResult]::new('--redis-url', '--redis-url', [CompletionResultType]::ParameterName, 'Redis URL; unset = in-process cache [env: REDIS_URL]')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Embedded store directory [env: BAITECH_DATA]')
            [CompletionResult]::new('--include-pii', '--include-pii', [CompletionResultType]::ParameterName, 'Include personal data (names, e-mails, phones, addresses); writes an audit entry')
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
        'baitech;export;audit' {
            [CompletionResult]::new('--from', '--from', [CompletionResultType]::ParameterName, 'Start of the range, inclusive: a date (midnight in --tz), a local time, or RFC 3339')
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'End of the range, exclusive: a date (midnight in --tz), a local time, or RFC 3339')
            [CompletionResult]::new('--tz', '--tz', [CompletionResultType]::ParameterName, 'Time zone dates are read in and CSV times written in (IANA name)')
            [CompletionResult]::new('--status', '--status', [CompletionResultType]::ParameterName, 'Only rows in this state (bookings, transactions, settlements, users, technicians, reviews; posts by moderation state; moderation by decision: approve or remove)')
            [CompletionResult]::new('--city', '--city', [CompletionResultType]::ParameterName, 'Only this city, any case (bookings, users, technicians, posts)')
            [CompletionResult]::new('--category', '--category', [CompletionResultType]::ParameterName, 'Only this service category (bookings, technicians, posts)')
            [CompletionResult]::new('--technician', '--technician', [CompletionResultType]::ParameterName, 'Only this technician''s rows, by user id (bookings, transactions, settlements; reviews by or about them)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--columns', '--columns', [CompletionResultType]::ParameterName, 'Columns to write, in this order, comma-separated (see `export columns`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write here instead of stdout; a name ending in .gz is gzip-compressed')
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'Write here instead of stdout; a name ending in .gz is gzip-compressed')
            [CompletionResult]::new('--admin', '--admin', [CompletionResultType]::ParameterName, 'E-mail of the admin exporting, named in the audit entry [default: the first active admin]')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Read variables from this file instead of ./.env (the environment still wins)')
            [CompletionResult]::new('--environment', '--environment', [CompletionResultType]::ParameterName, 'development | test | production [env: BAITECH_ENV]')
            [CompletionResult]::new('--mongodb-uri', '--mongodb-uri', [CompletionResultType]::ParameterName, 'MongoDB connection string; unset = embedded store [env: MONGODB_URI]')
            [CompletionResult]::new('--mongodb-db', '--mongodb-db', [CompletionResultType]::ParameterName, 'MongoDB database name [env: MONGODB_DB]')
            [CompletionResult]::new('--redis-url', '--redis-url', [CompletionResultType]::ParameterName, 'Redis URL; unset = in-process cache [env: REDIS_URL]')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Embedded store directory [env: BAITECH_DATA]')
            [CompletionResult]::new('--include-pii', '--include-pii', [CompletionResultType]::ParameterName, 'Include personal data (names, e-mails, phones, addresses); writes an audit entry')
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
        'baitech;export;reviews' {
            [CompletionResult]::new('--from', '--from', [CompletionResultType]::ParameterName, 'Start of the range, inclusive: a date (midnight in --tz), a local time, or RFC 3339')
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'End of the range, exclusive: a date (midnight in --tz), a local time, or RFC 3339')
            [CompletionResult]::new('--tz', '--tz', [CompletionResultType]::ParameterName, 'Time zone dates are read in and CSV times written in (IANA name)')
            [CompletionResult]::new('--status', '--status', [CompletionResultType]::ParameterName, 'Only rows in this state (bookings, transactions, settlements, users, technicians, reviews; posts by moderation state; moderation by decision: approve or remove)')
            [CompletionResult]::new('--city', '--city', [CompletionResultType]::ParameterName, 'Only this city, any case (bookings, users, technicians, posts)')
            [CompletionResult]::new('--category', '--category', [CompletionResultType]::ParameterName, 'Only this service category (bookings, technicians, posts)')
            [CompletionResult]::new('--technician', '--technician', [CompletionResultType]::ParameterName, 'Only this technician''s rows, by user id (bookings, transactions, settlements; reviews by or about them)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--columns', '--columns', [CompletionResultType]::ParameterName, 'Columns to write, in this order, comma-separated (see `export columns`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write here instead of stdout; a name ending in .gz is gzip-compressed')
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'Write here instead of stdout; a name ending in .gz is gzip-compressed')
            [CompletionResult]::new('--admin', '--admin', [CompletionResultType]::ParameterName, 'E-mail of the admin exporting, named in the audit entry [default: the first active admin]')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Read variables from this file instead of ./.env (the environment still wins)')
            [CompletionResult]::new('--environment', '--environment', [CompletionResultType]::ParameterName, 'development | test | production [env: BAITECH_ENV]')
            [CompletionResult]::new('--mongodb-uri', '--mongodb-uri', [CompletionResultType]::ParameterName, 'MongoDB connection string; unset = embedded store [env: MONGODB_URI]')
            [CompletionResult]::new('--mongodb-db', '--mongodb-db', [CompletionResultType]::ParameterName, 'MongoDB database name [env: MONGODB_DB]')
            [CompletionResult]::new('--redis-url', '--redis-url', [CompletionResultType]::ParameterName, 'Redis URL; unset = in-process cache [env: REDIS_URL]')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Embedded store directory [env: BAITECH_DATA]')
            [CompletionResult]::new('--include-pii', '--include-pii', [CompletionResultType]::ParameterName, 'Include personal data (names, e-mails, phones, addresses); writes an audit entry')
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
        'baitech;export;posts' {
            [CompletionResult]::new('--from', '--from', [CompletionResultType]::ParameterName, 'Start of the range, inclusive: a date (midnight in --tz), a local time, or RFC 3339')
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'End of the range, exclusive: a date (midnight in --tz), a local time, or RFC 3339')
            [CompletionResult]::new('--tz', '--tz', [CompletionResultType]::ParameterName, 'Time zone dates are read in and CSV times written in (IANA name)')
            [CompletionResult]::new('--status', '--status', [CompletionResultType]::ParameterName, 'Only rows in this state (bookings, transactions, settlements, users, technicians, reviews; posts by moderation state; moderation by decision: approve or remove)')
            [CompletionResult]::new('--city', '--city', [CompletionResultType]::ParameterName, 'Only this city, any case (bookings, users, technicians, posts)')
            [CompletionResult]::new('--category', '--category', [CompletionResultType]::ParameterName, 'Only this service category (bookings, technicians, posts)')
            [CompletionResult]::new('--technician', '--technician', [CompletionResultType]::ParameterName, 'Only this technician''s rows, by user id (bookings, transactions, settlements; reviews by or about them)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--columns', '--columns', [CompletionResultType]::ParameterName, 'Columns to write, in this order, comma-separated (see `export columns`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write here instead of stdout; a name ending in .gz is gzip-compressed')
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'Write here instead of stdout; a name ending in .gz is gzip-compressed')
            [CompletionResult]::new('--admin', '--admin', [CompletionResultType]::ParameterName, 'E-mail of the admin exporting, named in the audit entry [default: the first active admin]')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Read variables from this file instead of ./.env (the environment still wins)')
            [CompletionResult]::new('--environment', '--environment', [CompletionResultType]::ParameterName, 'development | test | production [env: BAITECH_ENV]')
            [CompletionResult]::new('--mongodb-uri', '--mongodb-uri', [CompletionResultType]::ParameterName, 'MongoDB connection string; unset = embedded store [env: MONGODB_URI]')
            [CompletionResult]::new('--mongodb-db', '--mongodb-db', [CompletionResultType]::ParameterName, 'MongoDB database name [env: MONGODB_DB]')
            [CompletionResult]::new('--redis-url', '--redis-url', [CompletionResultType]::ParameterName, 'Redis URL; unset = in-process cache [env: REDIS_URL]')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Embedded store directory [env: BAITECH_DATA]')
            [CompletionResult]::new('--include-pii', '--include-pii', [CompletionResultType]::ParameterName, 'Include personal data (names, e-mails, phones, addresses); writes an audit entry')
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
        'baitech;export;moderation' {
            [CompletionResult]::new('--from', '--from', [CompletionResultType]::ParameterName, 'Start of the range, inclusive: a date (midnight in --tz), a local time, or RFC 3339')
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'End of the range, exclusive: a date (midnight in --tz), a local time, or RFC 3339')
            [CompletionResult]::new('--tz', '--tz', [CompletionResultType]::ParameterName, 'Time zone dates are read in and CSV times written in (IANA name)')
            [CompletionResult]::new('--status', '--status', [CompletionResultType]::ParameterName, 'Only rows in this state (bookings, transactions, settlements, users, technicians, reviews; posts by moderation state; moderation by decision: approve or remove)')
            [CompletionResult]::new('--city', '--city', [CompletionResultType]::ParameterName, 'Only this city, any case (bookings, users, technicians, posts)')
            [CompletionResult]::new('--category', '--category', [CompletionResultType]::ParameterName, 'Only this service category (bookings, technicians, posts)')
            [CompletionResult]::new('--technician', '--technician', [CompletionResultType]::ParameterName, 'Only this technician''s rows, by user id (bookings, transactions, settlements; reviews by or about them)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--columns', '--columns', [CompletionResultType]::ParameterName, 'Columns to write, in this order, comma-separated (see `export columns`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write here instead of stdout; a name ending in .gz is gzip-compressed')
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'Write here instead of stdout; a name ending in .gz is gzip-compressed')
            [CompletionResult]::new('--admin', '--admin', [CompletionResultType]::ParameterName, 'E-mail of the admin exporting, named in the audit entry [default: the first active admin]')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Read variables from this file instead of ./.env (the environment still wins)')
            [CompletionResult]::new('--environment', '--environment', [CompletionResultType]::ParameterName, 'development | test | production [env: BAITECH_ENV]')
            [CompletionResult]::new('--mongodb-uri', '--mongodb-uri', [CompletionResultType]::ParameterName, 'MongoDB connection string; unset = embedded store [env: MONGODB_URI]')
            [CompletionResult]::new('--mongodb-db', '--mongodb-db', [CompletionResultType]::ParameterName, 'MongoDB database name [env: MONGODB_DB]')
            [CompletionResult]::new('--redis-url', '--redis-url', [CompletionResultType]::ParameterName, 'Redis URL; unset = in-process cache [env: REDIS_URL]')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Embedded store directory [env: BAITECH_DATA]')
            [CompletionResult]::new('--include-pii', '--include-pii', [CompletionResultType]::ParameterName, 'Include personal data (names, e-mails, phones, addresses); writes an audit entry')
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
        'baitech;export;notifications' {
            [CompletionResult]::new('--from', '--from', [CompletionResultType]::ParameterName, 'Start of the range, inclusive: a date (midnight in --tz), a local time, or RFC 3339')
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'End of the range, exclusive: a date (midnight in --tz), a local time, or RFC 3339')
            [CompletionResult]::new('--tz', '--tz', [CompletionResultType]::ParameterName, 'Time zone dates are read in and CSV times written in (IANA name)')
            [CompletionResult]::new('--status', '--status', [CompletionResultType]::ParameterName, 'Only rows in this state (bookings, transactions, settlements, users, technicians, reviews; posts by moderation state; moderation by decision: approve or remove)')
            [CompletionResult]::new('--city', '--city', [CompletionResultType]::ParameterName, 'Only this city, any case (bookings, users, technicians, posts)')
            [CompletionResult]::new('--category', '--category', [CompletionResultType]::ParameterName, 'Only this service category (bookings, technicians, posts)')
            [CompletionResult]::new('--technician', '--technician', [CompletionResultType]::ParameterName, 'Only this technician''s rows, by user id (bookings, transactions, settlements; reviews by or about them)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--columns', '--columns', [CompletionResultType]::ParameterName, 'Columns to write, in this order, comma-separated (see `export columns`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write here instead of stdout; a name ending in .gz is gzip-compressed')
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'Write here instead of stdout; a name ending in .gz is gzip-compressed')
            [CompletionResult]::new('--admin', '--admin', [CompletionResultType]::ParameterName, 'E-mail of the admin exporting, named in the audit entry [default: the first active admin]')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Read variables from this file instead of ./.env (the environment still wins)')
            [CompletionResult]::new('--environment', '--environment', [CompletionResultType]::ParameterName, 'development | test | production [env: BAITECH_ENV]')
            [CompletionResult]::new('--mongodb-uri', '--mongodb-uri', [CompletionResultType]::ParameterName, 'MongoDB connection string; unset = embedded store [env: MONGODB_URI]')
            [CompletionResult]::new('--mongodb-db', '--mongodb-db', [CompletionResultType]::ParameterName, 'MongoDB database name [env: MONGODB_DB]')
            [CompletionResult]::new('--redis-url', '--redis-url', [CompletionResultType]::ParameterName, 'Redis URL; unset = in-process cache [env: REDIS_URL]')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Embedded store directory [env: BAITECH_DATA]')
            [CompletionResult]::new('--include-pii', '--include-pii', [CompletionResultType]::ParameterName, 'Include personal data (names, e-mails, phones, addresses); writes an audit entry')
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
        'baitech;export;columns' {
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
        'baitech;export;report' {
            [CompletionResult]::new('--from', '--from', [CompletionResultType]::ParameterName, 'Start of the range, inclusive: a date (midnight in --tz), a local time, or RFC 3339')
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'End of the range, exclusive: a date (midnight in --tz), a local time, or RFC 3339')
            [CompletionResult]::new('--tz', '--tz', [CompletionResultType]::ParameterName, 'Time zone of dates, of the revenue periods and of CSV times (IANA name)')
            [CompletionResult]::new('--by', '--by', [CompletionResultType]::ParameterName, 'Revenue: one row per day, ISO week (named by its Monday) or month [default: day]')
            [CompletionResult]::new('--group', '--group', [CompletionResultType]::ParameterName, 'Revenue: also one row per city, service category or gateway')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'A table on the terminal, or an export format (a table written to --out is CSV)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write here instead of stdout; a name ending in .gz is gzip-compressed')
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'Write here instead of stdout; a name ending in .gz is gzip-compressed')
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
        'baitech;export;help' {
            [CompletionResult]::new('bookings', 'bookings', [CompletionResultType]::ParameterValue, 'Bookings with their price breakdown, by creation time')
            [CompletionResult]::new('transactions', 'transactions', [CompletionResultType]::ParameterValue, 'Payments, refunds and payouts with their split, by creation time')
            [CompletionResult]::new('settlements', 'settlements', [CompletionResultType]::ParameterValue, 'Payout batches, one row per payout item, by batch creation time')
            [CompletionResult]::new('ledger', 'ledger', [CompletionResultType]::ParameterValue, 'Ledger lines (double entry), by posting time')
            [CompletionResult]::new('users', 'users', [CompletionResultType]::ParameterValue, 'User accounts, by creation time')
            [CompletionResult]::new('technicians', 'technicians', [CompletionResultType]::ParameterValue, 'Technicians with their trades, statistics and earnings, by account creation time')
            [CompletionResult]::new('audit', 'audit', [CompletionResultType]::ParameterValue, 'The audit log of privileged actions, by time of action')
            [CompletionResult]::new('reviews', 'reviews', [CompletionResultType]::ParameterValue, 'Reviews with their ratings, moderation and votes, by creation time')
            [CompletionResult]::new('posts', 'posts', [CompletionResultType]::ParameterValue, 'Feed posts with their engagement and moderation, by creation time')
            [CompletionResult]::new('moderation', 'moderation', [CompletionResultType]::ParameterValue, 'Moderation decisions on posts, comments and reviews (from the audit log), by time')
            [CompletionResult]::new('notifications', 'notifications', [CompletionResultType]::ParameterValue, 'Notifications, one row per channel with delivery status, attempts and SMS cost, by creation time')
            [CompletionResult]::new('columns', 'columns', [CompletionResultType]::ParameterValue, 'The columns of each dataset: CSV header, meaning, and whether it is personal data')
            [CompletionResult]::new('report', 'report', [CompletionResultType]::ParameterValue, 'An operators'' report: revenue, technicians, bookings (the funnel) or disputes')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'baitech;export;help;bookings' {
            break
        }
        'baitech;export;help;transactions' {
            break
        }
        'baitech;export;help;settlements' {
            break
        }
        'baitech;export;help;ledger' {
            break
        }
        'baitech;export;help;users' {
            break
        }
        'baitech;export;help;technicians' {
            break
        }
        'baitech;export;help;audit' {
            break
        }
        'baitech;export;help;reviews' {
            break
        }
        'baitech;export;help;posts' {
            break
        }
        'baitech;export;help;moderation' {
            break
        }
        'baitech;export;help;notifications' {
            break
        }
        'baitech;export;help;columns' {
            break
        }
        'baitech;export;help;report' {
            break
        }
        'baitech;export;help;help' {
            break
        }
        'baitech;moderate' {
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
            [CompletionResult]::new('queue', 'queue', [CompletionResultType]::ParameterValue, 'Posts, comments and reviews waiting for review, newest first')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'One post, comment or review: content, scores (a review''s stars and sentiment), its author''s history, reports, past decisions')
            [CompletionResult]::new('approve', 'approve', [CompletionResultType]::ParameterValue, 'Keep an item: visible again, its reports dismissed (a review is left as it is, its flag cleared)')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Take an item down, with a reason the author is told (a review is hidden and stops counting in the reviewed user''s statistics)')
            [CompletionResult]::new('review', 'review', [CompletionResultType]::ParameterValue, 'Go through the queue at a terminal: approve, remove with a reason, or skip each item')
            [CompletionResult]::new('bulk', 'bulk', [CompletionResultType]::ParameterValue, 'Remove many items with one reason: by ids or everything of one author')
            [CompletionResult]::new('log', 'log', [CompletionResultType]::ParameterValue, 'Past moderation decisions, newest first')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'baitech;moderate;queue' {
            [CompletionResult]::new('--kind', '--kind', [CompletionResultType]::ParameterName, 'Only this kind of content (repeatable)')
            [CompletionResult]::new('--status', '--status', [CompletionResultType]::ParameterName, 'Moderation state listed')
            [CompletionResult]::new('--reason', '--reason', [CompletionResultType]::ParameterName, 'Only items held for this reason (spam, profanity, a report category, ...)')
            [CompletionResult]::new('--author', '--author', [CompletionResultType]::ParameterName, 'Only this author''s items (user id or e-mail)')
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'Only items created at or after this (a date, a local time in Africa/Nairobi, or RFC 3339)')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'At most this many items')
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
        'baitech;moderate;show' {
            [CompletionResult]::new('--kind', '--kind', [CompletionResultType]::ParameterName, 'Which kind the id is (found either way when left out)')
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
        'baitech;moderate;approve' {
            [CompletionResult]::new('--kind', '--kind', [CompletionResultType]::ParameterName, 'kind')
            [CompletionResult]::new('--admin', '--admin', [CompletionResultType]::ParameterName, 'E-mail of the admin acting [default: the first active admin]')
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
        'baitech;moderate;remove' {
            [CompletionResult]::new('--reason', '--reason', [CompletionResultType]::ParameterName, 'Why (shown to the author, kept in the audit log)')
            [CompletionResult]::new('--kind', '--kind', [CompletionResultType]::ParameterName, 'kind')
            [CompletionResult]::new('--admin', '--admin', [CompletionResultType]::ParameterName, 'E-mail of the admin acting [default: the first active admin]')
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
        'baitech;moderate;review' {
            [CompletionResult]::new('--kind', '--kind', [CompletionResultType]::ParameterName, 'Only this kind of content (repeatable)')
            [CompletionResult]::new('--reason', '--reason', [CompletionResultType]::ParameterName, 'Only items held for this reason')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'Review at most this many items')
            [CompletionResult]::new('--admin', '--admin', [CompletionResultType]::ParameterName, 'E-mail of the admin acting [default: the first active admin]')
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
        'baitech;moderate;bulk' {
            [CompletionResult]::new('--ids', '--ids', [CompletionResultType]::ParameterName, 'Post, comment or review ids, comma-separated')
            [CompletionResult]::new('--author', '--author', [CompletionResultType]::ParameterName, 'Everything this author wrote (user id or e-mail)')
            [CompletionResult]::new('--reason', '--reason', [CompletionResultType]::ParameterName, 'Why (one reason for every item; shown to the author, kept in the audit log)')
            [CompletionResult]::new('--admin', '--admin', [CompletionResultType]::ParameterName, 'E-mail of the admin acting [default: the first active admin]')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Read variables from this file instead of ./.env (the environment still wins)')
            [CompletionResult]::new('--environment', '--environment', [CompletionResultType]::ParameterName, 'development | test | production [env: BAITECH_ENV]')
            [CompletionResult]::new('--mongodb-uri', '--mongodb-uri', [CompletionResultType]::ParameterName, 'MongoDB connection string; unset = embedded store [env: MONGODB_URI]')
            [CompletionResult]::new('--mongodb-db', '--mongodb-db', [CompletionResultType]::ParameterName, 'MongoDB database name [env: MONGODB_DB]')
            [CompletionResult]::new('--redis-url', '--redis-url', [CompletionResultType]::ParameterName, 'Redis URL; unset = in-process cache [env: REDIS_URL]')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Embedded store directory [env: BAITECH_DATA]')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Say what would be removed, change nothing')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (needed without a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (needed without a terminal)')
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
        'baitech;moderate;log' {
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Only decisions by this admin (user id or e-mail)')
            [CompletionResult]::new('--target', '--target', [CompletionResultType]::ParameterName, 'Only decisions on this post, comment or review')
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'Only decisions at or after this (a date, a local time in Africa/Nairobi, or RFC 3339)')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'At most this many entries')
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
        'baitech;moderate;help' {
            [CompletionResult]::new('queue', 'queue', [CompletionResultType]::ParameterValue, 'Posts, comments and reviews waiting for review, newest first')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'One post, comment or review: content, scores (a review''s stars and sentiment), its author''s history, reports, past decisions')
            [CompletionResult]::new('approve', 'approve', [CompletionResultType]::ParameterValue, 'Keep an item: visible again, its reports dismissed (a review is left as it is, its flag cleared)')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Take an item down, with a reason the author is told (a review is hidden and stops counting in the reviewed user''s statistics)')
            [CompletionResult]::new('review', 'review', [CompletionResultType]::ParameterValue, 'Go through the queue at a terminal: approve, remove with a reason, or skip each item')
            [CompletionResult]::new('bulk', 'bulk', [CompletionResultType]::ParameterValue, 'Remove many items with one reason: by ids or everything of one author')
            [CompletionResult]::new('log', 'log', [CompletionResultType]::ParameterValue, 'Past moderation decisions, newest first')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'baitech;moderate;help;queue' {
            break
        }
        'baitech;moderate;help;show' {
            break
        }
        'baitech;moderate;help;approve' {
            break
        }
        'baitech;moderate;help;remove' {
            break
        }
        'baitech;moderate;help;review' {
            break
        }
        'baitech;moderate;help;bulk' {
            break
        }
        'baitech;moderate;help;log' {
            break
        }
        'baitech;moderate;help;help' {
            break
        }
        'baitech;help' {
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'Run the HTTP API server')
            [CompletionResult]::new('health', 'health', [CompletionResultType]::ParameterValue, 'Check the store, the cache and optionally a running server')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print shell completions')
            [CompletionResult]::new('seed', 'seed', [CompletionResultType]::ParameterValue, 'Load the fixture set (admin account and demo data) and generate data at scale')
            [CompletionResult]::new('cleanup', 'cleanup', [CompletionResultType]::ParameterValue, 'Remove old messages and notifications, expired tokens and deleted conversations')
            [CompletionResult]::new('indexes', 'indexes', [CompletionResultType]::ParameterValue, 'Create the indexes the product needs (idempotent)')
            [CompletionResult]::new('settlements', 'settlements', [CompletionResultType]::ParameterValue, 'Transactions, payout batches, reconciliation of the books and technician payouts')
            [CompletionResult]::new('disputes', 'disputes', [CompletionResultType]::ParameterValue, 'Bookings in dispute: list them, show one, settle one as an admin')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Stream a dataset (bookings, transactions, ledger, ...) to CSV, JSON or NDJSON')
            [CompletionResult]::new('moderate', 'moderate', [CompletionResultType]::ParameterValue, 'The moderation queue of posts, comments and reviews: review, approve, remove, and the log')
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
        'baitech;help;settlements' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Transactions, newest first, filtered')
            [CompletionResult]::new('batches', 'batches', [CompletionResultType]::ParameterValue, 'Payout batches, newest first')
            [CompletionResult]::new('reconcile', 'reconcile', [CompletionResultType]::ParameterValue, 'Check that the books balance; exits 1 when anything does not add up')
            [CompletionResult]::new('payout', 'payout', [CompletionResultType]::ParameterValue, 'Pay technicians what they are owed over M-Pesa (a dry run unless --execute)')
            break
        }
        'baitech;help;settlements;list' {
            break
        }
        'baitech;help;settlements;batches' {
            break
        }
        'baitech;help;settlements;reconcile' {
            break
        }
        'baitech;help;settlements;payout' {
            break
        }
        'baitech;help;disputes' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Bookings in dispute, newest first')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'One dispute: parties, timeline, evidence, money, audit trail and the booking''s chat')
            [CompletionResult]::new('resolve', 'resolve', [CompletionResultType]::ParameterValue, 'Settle a dispute as an admin: refund the customer, release to the technician, or split')
            break
        }
        'baitech;help;disputes;list' {
            break
        }
        'baitech;help;disputes;show' {
            break
        }
        'baitech;help;disputes;resolve' {
            break
        }
        'baitech;help;export' {
            [CompletionResult]::new('bookings', 'bookings', [CompletionResultType]::ParameterValue, 'Bookings with their price breakdown, by creation time')
            [CompletionResult]::new('transactions', 'transactions', [CompletionResultType]::ParameterValue, 'Payments, refunds and payouts with their split, by creation time')
            [CompletionResult]::new('settlements', 'settlements', [CompletionResultType]::ParameterValue, 'Payout batches, one row per payout item, by batch creation time')
            [CompletionResult]::new('ledger', 'ledger', [CompletionResultType]::ParameterValue, 'Ledger lines (double entry), by posting time')
            [CompletionResult]::new('users', 'users', [CompletionResultType]::ParameterValue, 'User accounts, by creation time')
            [CompletionResult]::new('technicians', 'technicians', [CompletionResultType]::ParameterValue, 'Technicians with their trades, statistics and earnings, by account creation time')
            [CompletionResult]::new('audit', 'audit', [CompletionResultType]::ParameterValue, 'The audit log of privileged actions, by time of action')
            [CompletionResult]::new('reviews', 'reviews', [CompletionResultType]::ParameterValue, 'Reviews with their ratings, moderation and votes, by creation time')
            [CompletionResult]::new('posts', 'posts', [CompletionResultType]::ParameterValue, 'Feed posts with their engagement and moderation, by creation time')
            [CompletionResult]::new('moderation', 'moderation', [CompletionResultType]::ParameterValue, 'Moderation decisions on posts, comments and reviews (from the audit log), by time')
            [CompletionResult]::new('notifications', 'notifications', [CompletionResultType]::ParameterValue, 'Notifications, one row per channel with delivery status, attempts and SMS cost, by creation time')
            [CompletionResult]::new('columns', 'columns', [CompletionResultType]::ParameterValue, 'The columns of each dataset: CSV header, meaning, and whether it is personal data')
            [CompletionResult]::new('report', 'report', [CompletionResultType]::ParameterValue, 'An operators'' report: revenue, technicians, bookings (the funnel) or disputes')
            break
        }
        'baitech;help;export;bookings' {
            break
        }
        'baitech;help;export;transactions' {
            break
        }
        'baitech;help;export;settlements' {
            break
        }
        'baitech;help;export;ledger' {
            break
        }
        'baitech;help;export;users' {
            break
        }
        'baitech;help;export;technicians' {
            break
        }
        'baitech;help;export;audit' {
            break
        }
        'baitech;help;export;reviews' {
            break
        }
        'baitech;help;export;posts' {
            break
        }
        'baitech;help;export;moderation' {
            break
        }
        'baitech;help;export;notifications' {
            break
        }
        'baitech;help;export;columns' {
            break
        }
        'baitech;help;export;report' {
            break
        }
        'baitech;help;moderate' {
            [CompletionResult]::new('queue', 'queue', [CompletionResultType]::ParameterValue, 'Posts, comments and reviews waiting for review, newest first')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'One post, comment or review: content, scores (a review''s stars and sentiment), its author''s history, reports, past decisions')
            [CompletionResult]::new('approve', 'approve', [CompletionResultType]::ParameterValue, 'Keep an item: visible again, its reports dismissed (a review is left as it is, its flag cleared)')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Take an item down, with a reason the author is told (a review is hidden and stops counting in the reviewed user''s statistics)')
            [CompletionResult]::new('review', 'review', [CompletionResultType]::ParameterValue, 'Go through the queue at a terminal: approve, remove with a reason, or skip each item')
            [CompletionResult]::new('bulk', 'bulk', [CompletionResultType]::ParameterValue, 'Remove many items with one reason: by ids or everything of one author')
            [CompletionResult]::new('log', 'log', [CompletionResultType]::ParameterValue, 'Past moderation decisions, newest first')
            break
        }
        'baitech;help;moderate;queue' {
            break
        }
        'baitech;help;moderate;show' {
            break
        }
        'baitech;help;moderate;approve' {
            break
        }
        'baitech;help;moderate;remove' {
            break
        }
        'baitech;help;moderate;review' {
            break
        }
        'baitech;help;moderate;bulk' {
            break
        }
        'baitech;help;moderate;log' {
            break
        }
        'baitech;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
