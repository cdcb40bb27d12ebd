//! `getDestinations`, `createDestination`, `getDestination`, `deleteDestination` (grantless).

use super::{literal, path};
use crate::transport::Call;
use crate::{
    CreateDestinationRequest, Destination, Error, NotificationsClient, Operation, Response,
};

impl NotificationsClient {
    /// `getDestinations`: every destination of the application.
    ///
    /// # Errors
    ///
    /// How the call failed (see [`Error`]).
    pub async fn get_destinations(&self) -> Result<Response<Vec<Destination>>, Error> {
        let call = Call::new(
            Operation::GetDestinations,
            path(&[literal("destinations")])?,
        );
        let response = self
            .payload::<Option<Vec<Destination>>>(call)
            .await?
            .map(Option::unwrap_or_default);
        self.remember_channels(&response.value);
        Ok(response)
    }

    /// `createDestination`: a destination on an SQS queue or EventBridge, checked before it is
    /// sent (see [`CreateDestinationRequest::validate`]).
    ///
    /// # Errors
    ///
    /// [`Error::Validation`] for a request that breaks the model's rules; otherwise [`Error`]
    /// as described there (a 409 when the resource already has a destination: see
    /// [`ensure_destination`](Self::ensure_destination)).
    pub async fn create_destination(
        &self,
        request: &CreateDestinationRequest,
    ) -> Result<Response<Destination>, Error> {
        request.validate()?;
        let mut call = Call::new(
            Operation::CreateDestination,
            path(&[literal("destinations")])?,
        )
        .json(request)?;
        call.destination_channel = request.resource_specification.channel();
        let response = self.payload::<Destination>(call).await?;
        self.remember_channels([&response.value]);
        Ok(response)
    }

    /// `getDestination`: one destination by id.
    ///
    /// # Errors
    ///
    /// [`Error::Validation`] for an empty id; otherwise how the call failed (see [`Error`]).
    pub async fn get_destination(
        &self,
        destination_id: &str,
    ) -> Result<Response<Destination>, Error> {
        let path = path(&[literal("destinations"), ("destinationId", destination_id)])?;
        let call = Call::new(Operation::GetDestination, path);
        let response = self.payload::<Destination>(call).await?;
        self.remember_channels([&response.value]);
        Ok(response)
    }

    /// `deleteDestination`.
    ///
    /// # Errors
    ///
    /// [`Error::Validation`] for an empty id; otherwise how the call failed (see [`Error`]).
    pub async fn delete_destination(&self, destination_id: &str) -> Result<Response<()>, Error> {
        let path = path(&[literal("destinations"), ("destinationId", destination_id)])?;
        let call = Call::new(Operation::DeleteDestination, path);
        let response = self.inner.execute(call).await?.map(drop);
        self.forget_channel(destination_id);
        Ok(response)
    }
}
