# A realistic REST API module, as a platform team writes one: every integration type, authorizers, gateway
# responses, a deployment redeployed by triggers, a stage with variables and method settings, an API key on a
# usage plan, a resource policy, a custom domain, and an IAM user allowed to invoke. The suite applies it, plans
# it (no drift), changes `greeting`, applies again and destroys it.
# The AWS provider and the endpoint/access_key/secret_key variables come from the test harness
# (libs/testing/terraform writes portico-provider.tf beside a module without a provider block).
variable "backend_url" { type = string }
variable "name" { type = string }
variable "domain_name" { type = string }
variable "greeting" {
  type    = string
  default = "hello"
}

locals {
  lambda_uri = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:%s/invocations"
}

resource "aws_api_gateway_rest_api" "this" {
  name               = var.name
  description        = "Managed by Terraform"
  binary_media_types = ["image/png", "application/octet-stream"]
  endpoint_configuration {
    types = ["REGIONAL"]
  }
  tags = { team = "platform", env = "test" }
}

data "aws_iam_policy_document" "invoke" {
  statement {
    effect    = "Allow"
    actions   = ["execute-api:Invoke"]
    resources = ["${aws_api_gateway_rest_api.this.execution_arn}/*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
  }
}

resource "aws_api_gateway_rest_api_policy" "this" {
  rest_api_id = aws_api_gateway_rest_api.this.id
  policy      = data.aws_iam_policy_document.invoke.json
}

# /mock: MOCK integration with a mapping template answer
resource "aws_api_gateway_resource" "mock" {
  rest_api_id = aws_api_gateway_rest_api.this.id
  parent_id   = aws_api_gateway_rest_api.this.root_resource_id
  path_part   = "mock"
}

resource "aws_api_gateway_method" "mock_get" {
  rest_api_id   = aws_api_gateway_rest_api.this.id
  resource_id   = aws_api_gateway_resource.mock.id
  http_method   = "GET"
  authorization = "NONE"
}

resource "aws_api_gateway_integration" "mock_get" {
  rest_api_id       = aws_api_gateway_rest_api.this.id
  resource_id       = aws_api_gateway_resource.mock.id
  http_method       = aws_api_gateway_method.mock_get.http_method
  type              = "MOCK"
  request_templates = { "application/json" = "{\"statusCode\": 200}" }
}

resource "aws_api_gateway_method_response" "mock_200" {
  rest_api_id     = aws_api_gateway_rest_api.this.id
  resource_id     = aws_api_gateway_resource.mock.id
  http_method     = aws_api_gateway_method.mock_get.http_method
  status_code     = "200"
  response_models = { "application/json" = "Empty" }
  response_parameters = { "method.response.header.X-Greeting" = false }
}

resource "aws_api_gateway_integration_response" "mock_200" {
  rest_api_id = aws_api_gateway_rest_api.this.id
  resource_id = aws_api_gateway_resource.mock.id
  http_method = aws_api_gateway_method.mock_get.http_method
  status_code = aws_api_gateway_method_response.mock_200.status_code
  response_parameters = { "method.response.header.X-Greeting" = "'${var.greeting}'" }
  response_templates = { "application/json" = "{\"greeting\": \"${var.greeting}\", \"stage\": \"$stageVariables.color\"}" }
  depends_on         = [aws_api_gateway_integration.mock_get]
}

# /proxy/{proxy+}: HTTP_PROXY to the backend, with an API key required
resource "aws_api_gateway_resource" "proxy_base" {
  rest_api_id = aws_api_gateway_rest_api.this.id
  parent_id   = aws_api_gateway_rest_api.this.root_resource_id
  path_part   = "proxy"
}

resource "aws_api_gateway_resource" "proxy" {
  rest_api_id = aws_api_gateway_rest_api.this.id
  parent_id   = aws_api_gateway_resource.proxy_base.id
  path_part   = "{proxy+}"
}

resource "aws_api_gateway_method" "proxy_any" {
  rest_api_id        = aws_api_gateway_rest_api.this.id
  resource_id        = aws_api_gateway_resource.proxy.id
  http_method        = "ANY"
  authorization      = "NONE"
  api_key_required   = true
  request_parameters = { "method.request.path.proxy" = true }
}

resource "aws_api_gateway_integration" "proxy_any" {
  rest_api_id             = aws_api_gateway_rest_api.this.id
  resource_id             = aws_api_gateway_resource.proxy.id
  http_method             = aws_api_gateway_method.proxy_any.http_method
  type                    = "HTTP_PROXY"
  integration_http_method = "ANY"
  uri                     = "${var.backend_url}/{proxy}"
  request_parameters      = { "integration.request.path.proxy" = "method.request.path.proxy" }
  timeout_milliseconds    = 10000
}

# /http: HTTP (non-proxy) with a request template
resource "aws_api_gateway_resource" "http" {
  rest_api_id = aws_api_gateway_rest_api.this.id
  parent_id   = aws_api_gateway_rest_api.this.root_resource_id
  path_part   = "http"
}

resource "aws_api_gateway_method" "http_post" {
  rest_api_id   = aws_api_gateway_rest_api.this.id
  resource_id   = aws_api_gateway_resource.http.id
  http_method   = "POST"
  authorization = "NONE"
}

resource "aws_api_gateway_integration" "http_post" {
  rest_api_id             = aws_api_gateway_rest_api.this.id
  resource_id             = aws_api_gateway_resource.http.id
  http_method             = aws_api_gateway_method.http_post.http_method
  type                    = "HTTP"
  integration_http_method = "POST"
  uri                     = "${var.backend_url}/http"
  passthrough_behavior    = "WHEN_NO_TEMPLATES"
  request_templates       = { "application/json" = "{\"wrapped\": $input.json('$')}" }
}

resource "aws_api_gateway_method_response" "http_200" {
  rest_api_id = aws_api_gateway_rest_api.this.id
  resource_id = aws_api_gateway_resource.http.id
  http_method = aws_api_gateway_method.http_post.http_method
  status_code = "200"
}

resource "aws_api_gateway_integration_response" "http_200" {
  rest_api_id = aws_api_gateway_rest_api.this.id
  resource_id = aws_api_gateway_resource.http.id
  http_method = aws_api_gateway_method.http_post.http_method
  status_code = aws_api_gateway_method_response.http_200.status_code
  depends_on  = [aws_api_gateway_integration.http_post]
}

# /lambda: AWS_PROXY behind a TOKEN authorizer
resource "aws_api_gateway_authorizer" "token" {
  name                             = "token"
  rest_api_id                      = aws_api_gateway_rest_api.this.id
  type                             = "TOKEN"
  authorizer_uri                   = format(local.lambda_uri, "authorizer-allow")
  identity_source                  = "method.request.header.Authorization"
  authorizer_result_ttl_in_seconds = 0
}

resource "aws_api_gateway_authorizer" "request" {
  name                             = "request"
  rest_api_id                      = aws_api_gateway_rest_api.this.id
  type                             = "REQUEST"
  authorizer_uri                   = format(local.lambda_uri, "authorizer-request")
  identity_source                  = "method.request.header.X-Tenant"
  authorizer_result_ttl_in_seconds = 60
}

resource "aws_api_gateway_resource" "lambda" {
  rest_api_id = aws_api_gateway_rest_api.this.id
  parent_id   = aws_api_gateway_rest_api.this.root_resource_id
  path_part   = "lambda"
}

resource "aws_api_gateway_method" "lambda_get" {
  rest_api_id   = aws_api_gateway_rest_api.this.id
  resource_id   = aws_api_gateway_resource.lambda.id
  http_method   = "GET"
  authorization = "CUSTOM"
  authorizer_id = aws_api_gateway_authorizer.token.id
}

resource "aws_api_gateway_integration" "lambda_get" {
  rest_api_id             = aws_api_gateway_rest_api.this.id
  resource_id             = aws_api_gateway_resource.lambda.id
  http_method             = aws_api_gateway_method.lambda_get.http_method
  type                    = "AWS_PROXY"
  integration_http_method = "POST"
  uri                     = format(local.lambda_uri, "echo")
}

# /greet: AWS (non-proxy Lambda) behind the REQUEST authorizer
resource "aws_api_gateway_resource" "greet" {
  rest_api_id = aws_api_gateway_rest_api.this.id
  parent_id   = aws_api_gateway_rest_api.this.root_resource_id
  path_part   = "greet"
}

resource "aws_api_gateway_method" "greet_post" {
  rest_api_id   = aws_api_gateway_rest_api.this.id
  resource_id   = aws_api_gateway_resource.greet.id
  http_method   = "POST"
  authorization = "CUSTOM"
  authorizer_id = aws_api_gateway_authorizer.request.id
}

resource "aws_api_gateway_integration" "greet_post" {
  rest_api_id             = aws_api_gateway_rest_api.this.id
  resource_id             = aws_api_gateway_resource.greet.id
  http_method             = aws_api_gateway_method.greet_post.http_method
  type                    = "AWS"
  integration_http_method = "POST"
  uri                     = format(local.lambda_uri, "greet")
}

resource "aws_api_gateway_method_response" "greet_200" {
  rest_api_id = aws_api_gateway_rest_api.this.id
  resource_id = aws_api_gateway_resource.greet.id
  http_method = aws_api_gateway_method.greet_post.http_method
  status_code = "200"
}

resource "aws_api_gateway_integration_response" "greet_200" {
  rest_api_id = aws_api_gateway_rest_api.this.id
  resource_id = aws_api_gateway_resource.greet.id
  http_method = aws_api_gateway_method.greet_post.http_method
  status_code = aws_api_gateway_method_response.greet_200.status_code
  depends_on  = [aws_api_gateway_integration.greet_post]
}

# /iam: AWS_IAM, invoked with the IAM user's access key
resource "aws_api_gateway_resource" "iam" {
  rest_api_id = aws_api_gateway_rest_api.this.id
  parent_id   = aws_api_gateway_rest_api.this.root_resource_id
  path_part   = "iam"
}

resource "aws_api_gateway_method" "iam_get" {
  rest_api_id   = aws_api_gateway_rest_api.this.id
  resource_id   = aws_api_gateway_resource.iam.id
  http_method   = "GET"
  authorization = "AWS_IAM"
}

resource "aws_api_gateway_integration" "iam_get" {
  rest_api_id          = aws_api_gateway_rest_api.this.id
  resource_id          = aws_api_gateway_resource.iam.id
  http_method          = aws_api_gateway_method.iam_get.http_method
  type                 = "HTTP_PROXY"
  integration_http_method = "GET"
  uri                  = "${var.backend_url}/iam"
}

resource "aws_api_gateway_gateway_response" "missing_key" {
  rest_api_id   = aws_api_gateway_rest_api.this.id
  response_type = "API_CONFIGURATION_ERROR"
  status_code   = "500"
  response_templates = { "application/json" = "{\"message\": \"configuration error\"}" }
}

resource "aws_api_gateway_gateway_response" "forbidden" {
  rest_api_id   = aws_api_gateway_rest_api.this.id
  response_type = "INVALID_API_KEY"
  status_code   = "403"
  # messageString is the message as a JSON string, quotes included (AWS's default template is {"message":$context.error.messageString})
  response_templates  = { "application/json" = "{\"message\": $context.error.messageString, \"hint\": \"send x-api-key\"}" }
  response_parameters = { "gatewayresponse.header.X-Portico-Test" = "'terraform'" }
}

resource "aws_api_gateway_deployment" "this" {
  rest_api_id = aws_api_gateway_rest_api.this.id
  triggers = {
    redeployment = sha1(jsonencode([
      aws_api_gateway_resource.mock.id,
      aws_api_gateway_method.mock_get.id,
      aws_api_gateway_integration.mock_get.id,
      aws_api_gateway_integration_response.mock_200,
      aws_api_gateway_integration.proxy_any.id,
      aws_api_gateway_integration.http_post.id,
      aws_api_gateway_integration.lambda_get.id,
      aws_api_gateway_integration.greet_post.id,
      aws_api_gateway_integration.iam_get.id,
      aws_api_gateway_gateway_response.forbidden,
      aws_api_gateway_rest_api_policy.this.policy,
    ]))
  }
  lifecycle {
    create_before_destroy = true
  }
  depends_on = [
    aws_api_gateway_integration_response.mock_200,
    aws_api_gateway_integration_response.http_200,
    aws_api_gateway_integration_response.greet_200,
    aws_api_gateway_integration.proxy_any,
    aws_api_gateway_integration.lambda_get,
    aws_api_gateway_integration.iam_get,
  ]
}

resource "aws_api_gateway_stage" "prod" {
  rest_api_id   = aws_api_gateway_rest_api.this.id
  deployment_id = aws_api_gateway_deployment.this.id
  stage_name    = "prod"
  description   = "production"
  variables     = { color = "blue", tenant = "acme" }
  tags          = { env = "prod" }
}

resource "aws_api_gateway_method_settings" "all" {
  rest_api_id = aws_api_gateway_rest_api.this.id
  stage_name  = aws_api_gateway_stage.prod.stage_name
  method_path = "*/*"
  settings {
    metrics_enabled        = true
    throttling_burst_limit = 100
    throttling_rate_limit  = 50
  }
}

resource "aws_api_gateway_api_key" "client" {
  name = "${var.name}-client"
  tags = { owner = "client" }
}

resource "aws_api_gateway_usage_plan" "basic" {
  name = "${var.name}-basic"
  api_stages {
    api_id = aws_api_gateway_rest_api.this.id
    stage  = aws_api_gateway_stage.prod.stage_name
  }
  throttle_settings {
    burst_limit = 20
    rate_limit  = 10
  }
  quota_settings {
    limit  = 1000
    period = "DAY"
  }
}

resource "aws_api_gateway_usage_plan_key" "client" {
  key_id        = aws_api_gateway_api_key.client.id
  key_type      = "API_KEY"
  usage_plan_id = aws_api_gateway_usage_plan.basic.id
}

resource "aws_api_gateway_domain_name" "api" {
  domain_name              = var.domain_name
  regional_certificate_arn = "arn:aws:acm:us-east-1:000000000000:certificate/11111111-2222-3333-4444-555555555555"
  endpoint_configuration {
    types = ["REGIONAL"]
  }
}

resource "aws_api_gateway_base_path_mapping" "v1" {
  api_id      = aws_api_gateway_rest_api.this.id
  stage_name  = aws_api_gateway_stage.prod.stage_name
  domain_name = aws_api_gateway_domain_name.api.domain_name
  base_path   = "v1"
}

resource "aws_iam_user" "invoker" {
  name = "${var.name}-invoker"
  path = "/apps/"
}

resource "aws_iam_access_key" "invoker" {
  user = aws_iam_user.invoker.name
}

resource "aws_iam_user_policy" "invoke" {
  name = "invoke"
  user = aws_iam_user.invoker.name
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = "execute-api:Invoke"
      Resource = "${aws_api_gateway_rest_api.this.execution_arn}/*/GET/iam"
    }]
  })
}

output "rest_api_id" { value = aws_api_gateway_rest_api.this.id }
output "stage_name" { value = aws_api_gateway_stage.prod.stage_name }
output "api_key_value" {
  value     = aws_api_gateway_api_key.client.value
  sensitive = true
}
output "api_key_id" { value = aws_api_gateway_api_key.client.id }
output "usage_plan_id" { value = aws_api_gateway_usage_plan.basic.id }
output "invoker_access_key_id" { value = aws_iam_access_key.invoker.id }
output "invoker_secret_access_key" {
  value     = aws_iam_access_key.invoker.secret
  sensitive = true
}
output "invoker_user_name" { value = aws_iam_user.invoker.name }
