//! The two stacks of the links app.

use ha_macros::stack;

stack! {
    stack LinksData {
        name: "links-data-${Suffix}",
        description: "Links app, data: the link table and its change stream",
        tags: { Project: "links", Environment: "${Suffix}" },
    }

    #[deletion_policy(Delete)]
    resource Links: dynamodb::Table {
        TableName: "links-${Suffix}",
        BillingMode: "PAY_PER_REQUEST",
        AttributeDefinitions: [{ AttributeName: "code", AttributeType: "S" }],
        KeySchema: [{ AttributeName: "code", KeyType: "HASH" }],
        SSESpecification: { SSEEnabled: true },
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        StreamSpecification: { StreamViewType: "NEW_AND_OLD_IMAGES" },
    }

    output TableName { Value: Ref(Links), Description: "The link table" }
    output TableArn { Value: Links.Arn, Description: "ARN of the link table" }
    output StreamArn { Value: Links.StreamArn, Description: "The table's change stream" }
}

stack! {
    stack LinksApi {
        name: "links-api-${Suffix}",
        description: "Links app, API: an HTTP API with a Cognito JWT authorizer, the redirect and audit functions",
        tags: { Project: "links", Environment: "${Suffix}" },
        imports: [LinksData],
    }

    resource FunctionRole: iam::Role {
        RoleName: "links-fn-${Suffix}",
        AssumeRolePolicyDocument: {
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
        },
        Policies: [{
            PolicyName: "links-table",
            PolicyDocument: {
                Version: "2012-10-17",
                Statement: [
                    { Effect: "Allow", Action: ["dynamodb:GetItem", "dynamodb:PutItem"], Resource: LinksData.TableArn },
                    {
                        Effect: "Allow",
                        Action: ["dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator", "dynamodb:ListStreams"],
                        Resource: LinksData.StreamArn,
                    },
                    {
                        Effect: "Allow",
                        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
                        Resource: [RedirectLogs.Arn, AuditLogs.Arn],
                    },
                ],
            },
        }],
    }

    // The functions' logs, encrypted with a key of their own.
    resource LogKey: kms::Key {
        Description: "links ${Suffix}: function logs",
        EnableKeyRotation: true,
        PendingWindowInDays: 7,
        KeyPolicy: {
            Version: "2012-10-17",
            Statement: [
                { Sid: "AccountRoot", Effect: "Allow", Principal: { AWS: "arn:${AWS::Partition}:iam::${AWS::AccountId}:root" }, Action: "kms:*", Resource: "*" },
                {
                    Sid: "CloudWatchLogs", Effect: "Allow",
                    Principal: { Service: "logs.${AWS::Region}.amazonaws.com" },
                    Action: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
                    Resource: "*",
                    Condition: { ArnLike: { "kms:EncryptionContext:aws:logs:arn": "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:*" } },
                },
            ],
        },
    }

    resource RedirectLogs: logs::LogGroup { LogGroupName: "/aws/lambda/links-redirect-${Suffix}", RetentionInDays: 30, KmsKeyId: LogKey.Arn }
    resource AuditLogs: logs::LogGroup { LogGroupName: "/aws/lambda/links-audit-${Suffix}", RetentionInDays: 30, KmsKeyId: LogKey.Arn }

    #[depends_on(RedirectLogs)]
    resource Redirect: lambda::Function {
        FunctionName: "links-redirect-${Suffix}",
        Runtime: "python3.12",
        Handler: "index.handler",
        Role: FunctionRole.Arn,
        Timeout: 5,
        MemorySize: 256,
        Environment: { Variables: { TABLE: LinksData.TableName } },
        Code: { ZipFile: "import os, boto3\ntable = boto3.resource('dynamodb').Table(os.environ['TABLE'])\n\ndef handler(event, context):\n    code = event['pathParameters']['code']\n    item = table.get_item(Key={'code': code}).get('Item')\n    if item is None:\n        return {'statusCode': 404}\n    return {'statusCode': 301, 'headers': {'Location': item['url']}}\n" },
    }

    #[depends_on(AuditLogs)]
    resource Audit: lambda::Function {
        FunctionName: "links-audit-${Suffix}",
        Runtime: "python3.12",
        Handler: "index.handler",
        Role: FunctionRole.Arn,
        Timeout: 30,
        MemorySize: 128,
        Code: { ZipFile: "import json\n\ndef handler(event, context):\n    for record in event['Records']:\n        print(json.dumps({'event': record['eventName'], 'keys': record['dynamodb'].get('Keys')}))\n" },
    }

    resource AuditStream: lambda::EventSourceMapping {
        FunctionName: Ref(Audit),
        EventSourceArn: LinksData.StreamArn,
        StartingPosition: "LATEST",
        BatchSize: 100,
    }

    resource Users: cognito::UserPool {
        UserPoolName: "links-users-${Suffix}",
        AutoVerifiedAttributes: ["email"],
        UsernameAttributes: ["email"],
    }

    resource WebClient: cognito::UserPoolClient {
        UserPoolId: Ref(Users),
        ClientName: "links-web-${Suffix}",
        GenerateSecret: false,
    }

    resource Http: apigatewayv2::Api { Name: "links-${Suffix}", ProtocolType: "HTTP" }

    resource Jwt: apigatewayv2::Authorizer {
        ApiId: Ref(Http),
        AuthorizerType: "JWT",
        Name: "cognito",
        IdentitySource: ["$request.header.Authorization"],
        JwtConfiguration: {
            Audience: [Ref(WebClient)],
            Issuer: Sub("https://cognito-idp.${AWS::Region}.amazonaws.com/${Users}"),
        },
    }

    resource RedirectIntegration: apigatewayv2::Integration {
        ApiId: Ref(Http),
        IntegrationType: "AWS_PROXY",
        IntegrationUri: Redirect.Arn,
        PayloadFormatVersion: "2.0",
    }

    resource FollowRoute: apigatewayv2::Route {
        ApiId: Ref(Http),
        RouteKey: "GET /{code}",
        Target: Join("/", ["integrations", Ref(RedirectIntegration)]),
    }

    resource StatsRoute: apigatewayv2::Route {
        ApiId: Ref(Http),
        RouteKey: "GET /stats/{code}",
        AuthorizationType: "JWT",
        AuthorizerId: Ref(Jwt),
        Target: Join("/", ["integrations", Ref(RedirectIntegration)]),
    }

    resource DefaultStage: apigatewayv2::Stage { ApiId: Ref(Http), StageName: "$default", AutoDeploy: true }

    resource InvokeRedirect: lambda::Permission {
        Action: "lambda:InvokeFunction",
        FunctionName: Ref(Redirect),
        Principal: "apigateway.amazonaws.com",
        SourceArn: Sub("arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${Http}/*"),
    }

    output ApiEndpoint { Value: Http.ApiEndpoint, Description: "Base URL of the HTTP API" }
    output UserPoolId { Value: Ref(Users), Description: "Cognito user pool" }
    output WebClientId { Value: Ref(WebClient), Description: "App client for the web front end" }
    output RedirectFunction { Value: Ref(Redirect), Description: "Name of the redirect function" }
}
